/** Models. Importing this module registers the custom layers with tfjs serialization. */
export * from "./frame_predictor.ts";
export {
  CELLS,
  type CellType,
  ConvRecurrent,
  LastStep,
  TimeBatchNorm,
} from "./frame_predictor_layers.ts";
