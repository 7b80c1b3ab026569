/** The exposure paradigm of Zhong et al. (2025): corridors, groups and the rewarded task. */
export {
  type LapOptions,
  type Laps,
  renderLaps,
  REWARDED,
  STIMULUS_SETS,
  UNREWARDED,
} from "./corridors.ts";
export {
  CRITERION,
  firstNCorrect,
  learningCurve,
  REWARD_ZONE,
  rewardTargets,
  trialCorrect,
  trialsToCriterion,
} from "./reward_task.ts";
export { type Group, type GroupPlan, groupPlan, GROUPS } from "./paradigm.ts";
