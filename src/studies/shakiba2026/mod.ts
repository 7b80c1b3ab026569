/**
 * Shakiba et al. 2026: RNNs initialised and regularised with a MICrONS connectome's geometry,
 * wiring and function. Units are variant × task × seed; each trains a noise → ReLU RNN →
 * softmax classifier and measures held-out test accuracy and the trained network's
 * modularity, small-worldness, assortativity and weight entropy. The report aggregates them
 * per variant and task, tests the differences and draws the figures.
 *
 * `deno task train shakiba2026 [--tiny|--quick|--standard|--full] [--field DIR] …`
 *
 * @module
 */
import type { Experiment, Unit } from "../../experiment/contract.ts";
import {
  type Shakiba2026Config,
  shakiba2026Presets,
  shakiba2026Schema,
  validateShakiba2026,
} from "./config.ts";
import { runUnit, type Shakiba2026Params, type Shakiba2026Result } from "./unit.ts";
import { report } from "./report.ts";
import { variantSlug } from "./_variants.ts";

export {
  type Shakiba2026Config,
  shakiba2026Presets,
  shakiba2026Schema,
  TASK_NAMES,
  validateShakiba2026,
} from "./config.ts";
export type { Shakiba2026Params, Shakiba2026Result } from "./unit.ts";
export { parseVariant, VARIANTS, type VariantSpec } from "./_variants.ts";

function units(config: Shakiba2026Config): Unit<Shakiba2026Params>[] {
  const out: Unit<Shakiba2026Params>[] = [];
  for (const seed of config.seeds) {
    for (const task of config.tasks) {
      for (const variant of config.variants) {
        out.push({
          key: `${variantSlug(variant)}-${task}-s${seed}`,
          params: { variant, task, seed },
        });
      }
    }
  }
  return out;
}

/**
 * The shakiba2026 study: units keyed `<variant slug>-<task>-s<seed>` (`*` → `s`, `!` → `p`,
 * e.g. `WsDsC-gonogo-s1`), in seed-major order.
 *
 * @example
 * ```ts
 * import { shakiba2026 } from "@prevision/prevision/studies";
 * shakiba2026.units(shakiba2026.presets.tiny).map((u) => u.key);
 * // ["WsDsC-gonogo-s1", "W-gonogo-s1", "WpDsCs-gonogo-s1", "WsDsC-gonogo-s2", …]
 * ```
 */
export const experiment: Experiment<Shakiba2026Config, Shakiba2026Params, Shakiba2026Result> = {
  name: "shakiba2026",
  summary:
    "Shakiba et al. 2026: connectome-initialised, spatially regularised RNNs on three cognitive tasks (11 variants).",
  schema: shakiba2026Schema,
  presets: shakiba2026Presets,
  validate: validateShakiba2026,
  units,
  runUnit,
  report,
};
