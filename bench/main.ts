/**
 * `deno task bench <name> [--json]`: benchmarks with machine-readable output. Each bench
 * module exports `command`, compares against a reference measured in the same run, and
 * reports ratios (DESIGN.md: speed targets live here, never in unit tests).
 *
 * @module
 */
import type { Command } from "../src/cli/command.ts";
import { runCli } from "../src/cli/main.ts";

/** Every benchmark, loaded on demand. */
export const BENCHES: Record<string, () => Promise<Command>> = {
  bio_rnn: async () => (await import("./bio_rnn.ts")).command,
  grads: async () => (await import("./grads.ts")).command,
  infer: async () => (await import("./infer.ts")).command,
  "train-step": async () => (await import("./train_step.ts")).command,
  serve: async () => (await import("./serve.ts")).command,
  waves: async () => (await import("./waves.ts")).command,
};

const root: Command = {
  name: "bench",
  summary: "Run a benchmark.",
  flags: {},
  subcommands: BENCHES,
};

if (import.meta.main) await runCli(root, Deno.args, "bench");
