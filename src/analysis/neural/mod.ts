export { dPrime, selectiveFraction, selectivitySweep, type TrialMatrix } from "./selectivity.ts";
export {
  type CodingDirection,
  codingDirection,
  heldOut,
  similarityIndex,
  similarityOfNew,
} from "./coding_direction.ts";
export {
  type BinRange,
  CORRIDOR_ZONES,
  type CorridorCodingDirection,
  corridorCodingDirection,
  frameDPrime,
  type LapResponses,
  type LapSet,
  percentile,
} from "./corridor.ts";
