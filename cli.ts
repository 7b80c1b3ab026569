/**
 * The `prevision` command line: `deno task train`, `simulate`, `info`, `sweep`.
 * Each subcommand lives beside the code it drives and is loaded on demand.
 *
 * @module
 */
import type { Command } from "./src/cli/command.ts";
import { runCli } from "./src/cli/main.ts";

const root: Command = {
  name: "prevision",
  summary: "Retinal-wave simulation, biologically inspired pre-training and model serving.",
  flags: {},
  subcommands: {
    train: async () => (await import("./src/train/cli.ts")).trainCommand,
    simulate: async () => (await import("./src/stimuli/cli.ts")).simulateCommand,
    info: async () => (await import("./src/backend/cli.ts")).infoCommand,
    sweep: async () => (await import("./src/train/sweep_cli.ts")).sweepCommand,
  },
};

if (import.meta.main) await runCli(root, Deno.args, "prevision");
