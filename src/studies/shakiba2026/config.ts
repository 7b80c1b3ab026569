/**
 * The shakiba2026 config: which connectome, which variants and tasks, the training sizes and
 * the replicate seeds, as a zod schema (the flags and `--help` are derived from it) with the
 * four presets.
 *
 * @module
 */
import { z } from "zod";
import type { Preset } from "../../experiment/contract.ts";
import { InputError } from "../../util/errors.ts";
import { connectomeSize } from "./data.ts";
import { loadMicronsField } from "../../biology/connectome/mod.ts";
import { parseVariant, VARIANTS } from "./_variants.ts";

/** The tasks a unit can train on (see `src/tasks/`). */
export const TASK_NAMES = ["maze", "gonogo", "perceptual"] as const;

/** The config's schema. */
export const shakiba2026Schema: z.ZodObject<{
  preset: z.ZodEnum<{ [P in Preset]: P }>;
  field: z.ZodNullable<z.ZodString>;
  synapses: z.ZodNullable<z.ZodString>;
  cells: z.ZodNullable<z.ZodString>;
  syntheticNeurons: z.ZodNumber;
  syntheticSeed: z.ZodNumber;
  grid: z.ZodNullable<z.ZodArray<z.ZodNumber>>;
  variants: z.ZodArray<z.ZodString>;
  tasks: z.ZodArray<z.ZodEnum<{ [T in typeof TASK_NAMES[number]]: T }>>;
  positive: z.ZodBoolean;
  dstar: z.ZodEnum<{ real: "real"; authors: "authors" }>;
  prior: z.ZodEnum<{ corr: "corr"; precision: "precision"; sttc: "sttc" }>;
  wdcEpsilon: z.ZodNumber;
  seeds: z.ZodArray<z.ZodNumber>;
  trainTrials: z.ZodNumber;
  testTrials: z.ZodNumber;
  batchSize: z.ZodNumber;
  epochs: z.ZodNumber;
  learningRate: z.ZodNumber;
  lambda: z.ZodNumber;
  emdFactor: z.ZodNumber;
  inputNoise: z.ZodNumber;
  nullPerms: z.ZodNumber;
}> = z.object({
  preset: z.enum(["tiny", "quick", "standard", "full"]).meta({
    description: "run size the config started from",
  }),
  field: z.string().nullable().meta({
    description:
      'MICrONS field folder (quick, standard, full: ../shared/data/microns/6_6_2 when present; tiny, or "": a synthetic connectome)',
  }),
  synapses: z.string().nullable().meta({
    description: "CAVE synapse table, CSV or Parquet (with --cells)",
  }),
  cells: z.string().nullable().meta({
    description: "CAVE cell table with soma positions, CSV or Parquet (with --synapses)",
  }),
  syntheticNeurons: z.number().int().min(4).max(5000).meta({
    flag: "neurons",
    description: "neurons of the synthetic connectome used without data (tiny 24, else 312)",
  }),
  syntheticSeed: z.number().int().meta({
    description: "seed of the synthetic connectome (1)",
  }),
  grid: z.array(z.number().int().min(1)).length(3).nullable().meta({
    description: "grid of the D control, e.g. 12,13,2 (default: the field's own, else a near-cube)",
  }),
  variants: z.array(z.string()).min(1).meta({
    description: `model variants (tiny W*D*C,W,W!D*C*; quick W*D*C,W!D*C,WD*C,W; else all: ${
      VARIANTS.join(",")
    })`,
  }),
  tasks: z.array(z.enum(TASK_NAMES)).min(1).meta({
    description: "tasks: maze, gonogo, perceptual (tiny gonogo; else all)",
  }),
  positive: z.boolean().meta({
    description: "non-negative recurrent weights (the positive-only arm)",
  }),
  dstar: z.enum(["real", "authors"]).meta({
    description:
      "positions behind D*: real (per-axis min–max of the somata) or authors (their notebook's reshape(3, -1) of the (N, 3) array, an index-interleaved pseudo-geometry) (real)",
  }),
  prior: z.enum(["corr", "precision", "sttc"]).meta({
    description:
      "functional prior of W*: corr (minmax Corr ⊙ minmax STTC, the paper's), precision (minmax precision ⊙ minmax STTC) or sttc (STTC only) (corr)",
  }),
  wdcEpsilon: z.number().min(0).meta({
    description:
      "added to the row sums of |W| in the WDC communicability; 0 is the authors' (a zero row gives NaN) (1e-10)",
  }),
  seeds: z.array(z.number().int().min(1)).min(1).meta({
    seeds: true,
    description:
      "replicate seeds, one run of every variant × task each (tiny 1..2, quick 1, standard 1..5, full 1..20)",
  }),
  trainTrials: z.number().int().min(1).meta({
    description: "training trials (tiny 64, else 5120)",
  }),
  testTrials: z.number().int().min(1).meta({
    description: "held-out test trials (tiny 64, else 2560)",
  }),
  batchSize: z.number().int().min(1).max(4096).meta({
    flag: "batch",
    description: "training batch size (tiny 32, else 128)",
  }),
  epochs: z.number().int().min(1).max(1000).meta({
    description: "training epochs over the same batches (tiny 1, else 10: 400 steps)",
  }),
  learningRate: z.number().min(1e-7).max(1).meta({
    flag: "lr",
    description: "Adam learning rate (1e-3)",
  }),
  lambda: z.number().min(0).meta({
    description: "strength λ of the regulariser (Σ|W|, spatial or communicability term) (0.3)",
  }),
  emdFactor: z.number().min(0).meta({
    description: "weight of the EMD term of the C* regulariser (0.1)",
  }),
  inputNoise: z.number().min(0).meta({
    description: "SD of the Gaussian noise added to the inputs during training (0.05)",
  }),
  nullPerms: z.number().int().min(1).meta({
    description:
      "random graphs of the small-world null (tiny 4, quick 50, standard 200, full 1000)",
  }),
});

/** A shakiba2026 config (JSON; written to the run folder's `config.json`). */
export type Shakiba2026Config = z.infer<typeof shakiba2026Schema>;

const PAPER = {
  field: null,
  synapses: null,
  cells: null,
  syntheticNeurons: 312,
  syntheticSeed: 1,
  grid: null,
  variants: [...VARIANTS],
  tasks: [...TASK_NAMES],
  positive: false,
  dstar: "real" as const,
  prior: "corr" as const,
  wdcEpsilon: 1e-10,
  learningRate: 1e-3,
  lambda: 0.3,
  emdFactor: 0.1,
  inputNoise: 0.05,
};

/** The canonical field of the paper, relative to the repository root (../shared is the data). */
export const DEFAULT_FIELD = "../shared/data/microns/6_6_2";

/**
 * The field the presets above `tiny` start from: the paper's 6_6_2 when its folder is there,
 * else null (a synthetic connectome), so that a checkout without the data still runs.
 */
function presentField(): string | null {
  try {
    return Deno.statSync(DEFAULT_FIELD).isDirectory ? DEFAULT_FIELD : null;
  } catch {
    return null; // absent, or no read permission: the synthetic stand-in
  }
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** The authors' budget: 10 epochs over 5,120 trials in batches of 128 = 400 Adam steps. */
const AUTHORS_BUDGET = { trainTrials: 5120, testTrials: 2560, batchSize: 128, epochs: 10 };

/**
 * The four presets. Every preset above `tiny` trains the authors' 400 steps per run on field
 * 6_6_2 when the data are present; they differ in runs. Sizes come from CPU seconds measured on
 * 6_6_2 (WASM, one thread): a 400-step maze unit costs 72–73 CPU s with the communicability and
 * 60 without (Go/NoGo and perceptual have fewer time steps), ≈ 69 on average, so one seed of 33
 * units ≈ 2,300 CPU s ≈ 19 min on 2 idle cores.
 */
export const shakiba2026Presets: Record<Preset, Shakiba2026Config> = {
  tiny: {
    ...PAPER,
    preset: "tiny",
    syntheticNeurons: 24,
    variants: ["W*D*C", "W", "W!D*C*"],
    tasks: ["gonogo"],
    seeds: [1, 2],
    trainTrials: 64,
    testTrials: 64,
    batchSize: 32,
    epochs: 1,
    nullPerms: 4,
  },
  // 8 minutes on 2 idle cores ≈ 960 CPU s holds 12 units of 400 steps: the W factor at
  // (D*, C) (W*D*C, W!D*C, WD*C: the paper's strongest effect) and the baseline W, on the
  // three tasks, one run each (≈ 830 CPU s measured).
  quick: {
    ...PAPER,
    ...AUTHORS_BUDGET,
    preset: "quick",
    field: presentField(),
    variants: ["W*D*C", "W!D*C", "WD*C", "W"],
    seeds: [1],
    nullPerms: 50,
  },
  // An hour on 2 idle cores ≈ 7,200 CPU s holds ≈ 3 seeds of all 33 units; the floor
  // is 5 runs per variant, so standard runs 5 (165 units ≈ 11,400 CPU s ≈ 1.5 h on 2 idle
  // cores).
  standard: {
    ...PAPER,
    ...AUTHORS_BUDGET,
    preset: "standard",
    field: presentField(),
    seeds: range(5),
    nullPerms: 200,
  },
  // The paper's 20 runs (660 units ≈ 46,000 CPU s ≈ 6.4 h on 2 idle cores).
  full: {
    ...PAPER,
    ...AUTHORS_BUDGET,
    preset: "full",
    field: presentField(),
    seeds: range(20),
    nullPerms: 1000,
  },
};

/**
 * Checks across fields: known variants, one connectome source, distinct seeds, and a `grid`
 * that holds the connectome's neurons. A field folder is loaded here (it is fast) so that a
 * malformed one fails before the run folder is made.
 *
 * @example
 * ```ts
 * import { shakiba2026Presets, validateShakiba2026 } from "@prevision/prevision/studies";
 * validateShakiba2026({ ...shakiba2026Presets.tiny, grid: [2, 3, 4] }); // 24 neurons: fine
 * ```
 */
export function validateShakiba2026(config: Shakiba2026Config): void {
  config.variants.forEach(parseVariant);
  if ((config.synapses === null) !== (config.cells === null)) {
    throw new InputError("--synapses needs --cells (and back)");
  }
  if (config.field && (config.synapses || config.cells)) {
    throw new InputError(
      `--field excludes --synapses/--cells (got --field ${config.field}; quick, standard and full default to ${DEFAULT_FIELD}: pass --field "" with tables)`,
    );
  }
  if (new Set(config.seeds).size !== config.seeds.length) {
    throw new InputError(`--seeds: each seed once, got ${config.seeds.join(",")}`);
  }
  if (config.prior === "precision" && config.field) {
    if (!loadMicronsField(config.field).precision) {
      throw new InputError(`--prior precision: ${config.field} has no precision_matrix.npy`);
    }
  }
  const n = connectomeSize(config);
  if (config.grid && n !== null) {
    const [a, b, c] = config.grid;
    if (a * b * c !== n) {
      throw new InputError(
        `--grid ${config.grid.join(",")} holds ${a * b * c} neurons, the connectome has ${n}`,
      );
    }
  }
}
