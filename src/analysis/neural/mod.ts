export { dPrime, selectiveFraction, selectivitySweep, type TrialMatrix } from "./selectivity.ts";
export {
  type CodingDirection,
  codingDirection,
  heldOut,
  similarityIndex,
  similarityOfNew,
} from "./coding_direction.ts";
