/**
 * Every study `deno task train <name>` and `deno task sweep <name>` can run, loaded on
 * demand. Each study folder's `mod.ts` exports its {@link Experiment} as `experiment`.
 *
 * @module
 */
import type { AnyExperiment } from "../experiment/contract.ts";

export type { AnyExperiment } from "../experiment/contract.ts";

/** The studies by name, in the order `--help` lists them. */
export const STUDIES: Record<string, () => Promise<AnyExperiment>> = {
  may2025: async () => (await import("./may2025/mod.ts")).experiment as unknown as AnyExperiment,
  ligeralde2023: async () =>
    (await import("./ligeralde2023/mod.ts")).experiment as unknown as AnyExperiment,
  yan2020: async () => (await import("./yan2020/mod.ts")).experiment as unknown as AnyExperiment,
  shakiba2026: async () =>
    (await import("./shakiba2026/mod.ts")).experiment as unknown as AnyExperiment,
  zhong2025: async () =>
    (await import("./zhong2025/mod.ts")).experiment as unknown as AnyExperiment,
};

/** What `deno task train` runs without a name. */
export const DEFAULT_STUDY = "may2025";
