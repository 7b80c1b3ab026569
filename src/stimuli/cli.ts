import type { Command } from "../cli/command.ts";

/**
 * `deno task simulate <stimulus> [flags]`. Each stimulus module exports `command`.
 */
export const simulateCommand: Command = {
  name: "simulate",
  summary: "Simulate retinal waves or render a stimulus movie.",
  flags: {},
  subcommands: {
    "white-noise": async () => (await import("./white_noise.ts")).command,
    waves: async () => (await import("./waves/cli.ts")).command,
    dataset: async () => (await import("./waves/dataset_cli.ts")).command,
    corridor: async () => (await import("./corridor_cli.ts")).corridorCommand,
    "vr-corridor": async () => (await import("./corridor_cli.ts")).vrCorridorCommand,
    natural: async () => (await import("./natural_cli.ts")).command,
  },
};
