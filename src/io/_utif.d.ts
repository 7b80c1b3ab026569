// Minimal types for the parts of utif2 we use (its own d.ts pulls in @types/node).
/** An image file directory: TIFF tags as "t<number>" keys, plus decoded pixels. */
export interface IFD {
  [tag: string]: unknown;
  data: Uint8Array;
  width: number;
  height: number;
}
declare const UTIF: {
  decode(buffer: ArrayBuffer): IFD[];
  decodeImage(buffer: ArrayBuffer, ifd: IFD): void;
  toRGBA8(ifd: IFD): Uint8Array;
};
export default UTIF;
