import type { Command } from "../cli/command.ts";
import { DEFAULT_EXPERIMENT, EXPERIMENTS } from "./experiments/index.ts";

/** `deno task train [experiment] [flags]`. */
export const trainCommand: Command = {
  name: "train",
  summary: `Run a training experiment (default: ${DEFAULT_EXPERIMENT}).`,
  flags: {},
  subcommands: EXPERIMENTS,
  defaultSubcommand: DEFAULT_EXPERIMENT,
};
