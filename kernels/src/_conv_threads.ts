// Convolutions of ours for the conv-RNN, on a shared heap so that several threads run one
// call together: every export takes (tid, nt) and does its share of the work, split along
// output rows (forward) or input rows (filter gradient). No static data: the module only
// writes through the pointers it is given.
//
// Layout: NHWC float32. A "padded" buffer holds each image with a border of `pad` zero
// pixels on every side ([n, h + 2·pad, w + 2·pad, c]); convolutions are 'same', stride 1,
// k×k with k odd, and read their input from such a buffer (pad = (k − 1)/2) so that the
// inner loops never test borders. Weights come packed in panels of 8 output channels,
// [cout/8, k·k·cin, 8], so that a tile streams through contiguous memory.
//
// Register blocking: a tile is up to 6 consecutive output pixels × 8 output channels
// (12 f32x4 accumulators), each step one broadcast input value per pixel and two weight
// vectors. With relaxed SIMD each multiply-add is one fused instruction.

export { conv, filterGrad } from "./_conv_direct";
export {
  channelAffine,
  channelMoments,
  channelSums,
  clearBorder,
  padCopy,
  pointwise,
} from "./_conv_rows";
export { setControl } from "./_conv_shared";
export { winograd, winogradFilterGrad } from "./_conv_winograd";
export { winograd4, winograd4FilterGrad } from "./_conv_winograd4";
