/** Public surface of this folder's I/O (re-exported by the root mod.ts). */
export { ClipBuilder, type ClipOptions, type DataSplit, NpyAppender, splitOf } from "./dataset.ts";
export { type FrameWriter, type FrameWriterOptions, openFrameWriter } from "./frame_writer.ts";
export { encodeGreyGif, type GreyGifOptions } from "./gif.ts";
export { encodePng, frameGrid, type GridOptions, writePngGrid } from "./png.ts";
export { encodeTiffStack, type FrameStack, readTiffStack, writeTiffStack } from "./tiff.ts";
