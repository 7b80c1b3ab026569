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
  },
};
