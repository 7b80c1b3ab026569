import type { Command } from "../../cli/command.ts";
import type { Experiment } from "../experiment.ts";

/**
 * Every experiment `deno task train <name>` can run, loaded on demand. Each module exports
 * `command: Command`.
 */
export const EXPERIMENTS: Record<string, () => Promise<Command>> = {
  demo: async () => (await import("./demo.ts")).command,
  may2025: async () => (await import("./may2025.ts")).command,
  yan2020: async () => (await import("./yan2020.ts")).command,
  shakiba2026: async () => (await import("./shakiba2026.ts")).command,
  ligeralde2023: async () => (await import("./ligeralde2023.ts")).command,
  zhong2025: async () => (await import("./zhong2025.ts")).command,
};

/**
 * The unit-based experiments (`Experiment` objects) behind EXPERIMENTS, loaded on demand, for
 * `deno task sweep <name>`. Each module exports `experiment: Experiment`; add a line here
 * beside its EXPERIMENTS line (a module named `<name>.ts` exporting `experiment` is also found
 * without one).
 */
export const EXPERIMENT_DEFS: Record<string, () => Promise<Experiment<unknown, unknown>>> = {
  may2025: async () =>
    (await import("./may2025.ts")).experiment as unknown as Experiment<unknown, unknown>,
  yan2020: async () =>
    (await import("./yan2020.ts")).experiment as unknown as Experiment<unknown, unknown>,
  shakiba2026: async () =>
    (await import("./shakiba2026.ts")).experiment as unknown as Experiment<unknown, unknown>,
  ligeralde2023: async () =>
    (await import("./ligeralde2023.ts")).experiment as unknown as Experiment<unknown, unknown>,
  zhong2025: async () =>
    (await import("./zhong2025.ts")).experiment as unknown as Experiment<unknown, unknown>,
};

/** What `deno task train` runs without a name. */
export const DEFAULT_EXPERIMENT = "may2025";
