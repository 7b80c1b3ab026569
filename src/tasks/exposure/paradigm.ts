/**
 * Groups and phases of the exposure paradigm (Zhong et al. 2025). Every group starts from
 * the same randomly initialised encoder (per seed), then:
 * - `task`: no exposure phase; learns the rewarded task from the start with a plastic
 *   encoder (the reward signal reaches the encoder);
 * - `unsupervised`: unrewarded exposure to the task corridors (leaf1, circle1), learning
 *   without labels; then the rewarded task with the encoder frozen (only the readout learns);
 * - `naive`: no exposure; the rewarded task with the random encoder frozen;
 * - `grating`: unrewarded exposure to grating corridors; then the rewarded task as above.
 * Neural measures are taken at the end of the first phase (exposure), and for `task` after
 * its task training.
 */
import { STIMULUS_SETS } from "./corridors.ts";

/** The groups of the study. */
export const GROUPS = ["task", "unsupervised", "naive", "grating"] as const;
/** One group. */
export type Group = typeof GROUPS[number];

/** What one group does in each phase. */
export interface GroupPlan {
  /** Corridors of the unrewarded exposure phase (empty: no exposure). */
  exposure: readonly string[];
  /** Whether the encoder learns from reward during the task phase. */
  plasticEncoder: boolean;
}

/**
 * The plan of a group.
 *
 * @example
 * ```ts
 * import { groupPlan } from "@prevision/prevision/tasks";
 * groupPlan("grating").exposure; // ["grating", "grating45"]
 * ```
 */
export function groupPlan(group: Group): GroupPlan {
  switch (group) {
    case "task":
      return { exposure: [], plasticEncoder: true };
    case "unsupervised":
      return { exposure: STIMULUS_SETS.trained, plasticEncoder: false };
    case "naive":
      return { exposure: [], plasticEncoder: false };
    case "grating":
      return { exposure: STIMULUS_SETS.grating, plasticEncoder: false };
  }
}
