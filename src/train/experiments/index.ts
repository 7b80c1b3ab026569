import type { Command } from "../../cli/command.ts";

/**
 * Every experiment `deno task train <name>` can run, loaded on demand. Each module exports
 * `command: Command`.
 */
export const EXPERIMENTS: Record<string, () => Promise<Command>> = {
  demo: async () => (await import("./demo.ts")).command,
};

/** What `deno task train` runs without a name. */
export const DEFAULT_EXPERIMENT = "demo";
