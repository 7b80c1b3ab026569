/**
 * Model architectures: the next-frame predictor of May et al. (2025) with its custom tfjs
 * layers, the ResNet encoder and projector of Ligeralde et al. (2023), the RGC CNN of Yan et
 * al. (2020), the biologically constrained RNN of Shakiba et al. (2026), the exposure
 * encoder of Zhong et al. (2025), and the fused ops and parameter helpers they are built
 * from. Training loops live in `@prevision/prevision/train`.
 *
 * Importing this module registers the frame predictor's custom layers with tfjs
 * serialization, so a saved frame-predictor checkpoint can be loaded afterwards.
 *
 * @example Build the paper's model at a small size and predict the next frame
 * ```ts
 * import { tf } from "@prevision/prevision";
 * import { buildFramePredictor } from "@prevision/prevision/models";
 * const model = buildFramePredictor(
 *   { cell: "rnn", channels: 4, kernel: 3, size: 16, frames: 4, layers: 1 },
 *   1,
 * );
 * const next = model.predict(tf.zeros([1, 4, 16, 16, 1])) as tf.Tensor;
 * console.log(next.shape); // [1, 16, 16, 1]
 * ```
 *
 * @module
 */
export {
  buildFramePredictor,
  forwardFramePredictor,
  FRAME_PREDICTOR_INITS,
  type FramePredictorConfig,
  type FramePredictorInit,
  initFramePredictor,
  PAPER_FRAME_PREDICTOR,
  summedSquaredError,
  validateFramePredictorConfig,
} from "./frame_predictor.ts";
export {
  CELLS,
  type CellType,
  ConvRecurrent,
  type ConvRecurrentArgs,
  LastStep,
  type LayerKwargs,
  type LayerShape,
  TimeBatchNorm,
} from "./frame_predictor_layers.ts";
export {
  checkResNetConfig,
  type EncoderOutput,
  RESNET18,
  type ResNetConfig,
  ResNetEncoder,
} from "./resnet.ts";
export { Projector, type ProjectorConfig, projectorPreset } from "./projector.ts";
export { RGC_CNN_DEFAULTS, RgcCnn, type RgcCnnConfig, type RgcCnnWeights } from "./rgc_cnn.ts";
export { historyBatch } from "./rgc_cnn_input.ts";
export { addInputNoise, BioRnn, type BioRnnOptions } from "./bio_rnn.ts";
export {
  makeRegulariser,
  type Regulariser,
  type RegulariserKind,
  type RegulariserOptions,
} from "./bio_regularisers.ts";
export {
  calibrateReadout,
  createExposureEncoder,
  type DenseParams,
  disposeEncoder,
  encoderActivations,
  encoderForward,
  EXPOSURE_OBJECTIVES,
  type ExposureEncoder,
  type ExposureEncoderOptions,
  type ExposureObjective,
  exposureVariables,
  POSITION_SEGMENTS,
  positionCode,
  readoutLogits,
  TRACE_DECAY,
} from "./exposure_encoder.ts";
export { applyBnUpdates, type BatchNorm, batchNorm, type BnUpdates, ParamStore } from "./layers.ts";
export { batchNormTrain, type BatchStats, channelAffine, convRnnLayer } from "../ops/conv_rnn.ts";
