/**
 * Files in and out: model checkpoints (a folder or an http(s) URL), NPY arrays, IDX image
 * sets (Fashion-MNIST), spike recordings, clip datasets, and frames as PNG grids, grey GIFs,
 * TIFF stacks and streamed frame files; pickled NPY dicts and the Zhong 2025 recordings.
 *
 * A frame-predictor checkpoint names the model's custom layers: import
 * `@prevision/prevision/models` (or the root module) before {@link loadCheckpoint} so tfjs
 * knows them.
 *
 * @example Load a checkpoint written by `deno task train` and read what it is
 * ```ts
 * import "@prevision/prevision/models";
 * import { loadCheckpoint } from "@prevision/prevision/io";
 * const { model, manifest } = await loadCheckpoint("runs/may2025/train/best");
 * console.log(manifest.name, model.inputs[0].shape);
 * ```
 *
 * @module
 */
export {
  CHECKPOINT_FORMAT,
  type CheckpointInfo,
  type CheckpointManifest,
  loadCheckpoint,
  type LoadedCheckpoint,
  type LoadOptions,
  type NamedArrays,
  saveCheckpoint,
  sha256Hex,
  type TrainingState,
} from "./checkpoint.ts";
export {
  dtypeOf,
  encodeNpy,
  type EncodeNpyOptions,
  type NpyArray,
  type NpyData,
  type NpyDtype,
  npyToFloat64,
  readNpy,
  readNpyHeader,
  shapeSize,
  writeNpy,
  writeNpySync,
} from "./npy.ts";
export {
  FASHION_MNIST_CLASSES,
  FASHION_MNIST_DIR,
  type IdxArray,
  type ImageSet,
  loadFashionMnist,
  parseIdx,
  readIdx,
} from "./idx.ts";
export { loadRecording, type Recording, type RecordingOptions } from "./spikes.ts";
export { type PickledArray, type PickleValue, readPickle, readPickledNpy } from "./pickle.ts";
export { listZhongSessions, readZhongSession, type ZhongSession } from "./zhong_recording.ts";
export {
  ClipBuilder,
  type ClipOptions,
  type DataSplit,
  NpyAppender,
  splitOf,
  SPLITS,
} from "./dataset.ts";
export { type FrameWriter, type FrameWriterOptions, openFrameWriter } from "./frame_writer.ts";
export { encodeGreyGif, type GreyGifOptions } from "./gif.ts";
export { encodePng, frameGrid, type GridOptions, toGrey8, writePngGrid } from "./png.ts";
export { encodeTiffStack, type FrameStack, readTiffStack, writeTiffStack } from "./tiff.ts";
