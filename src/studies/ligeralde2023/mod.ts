/**
 * `deno task train ligeralde2023`: contrastive pre-training on retinal waves and the
 * geometry of the learned representation (Ligeralde, Kuang, Yerxa, Pitcher, Feller & Chung
 * 2023). Units are condition × seed: an encoder is pre-trained (or left at random init),
 * frozen, and probed for Fashion-MNIST class and for exemplar identity under large
 * translations; manifold capacity is measured at every layer. The report compares
 * conditions with paired t-tests over seeds (Holm-corrected).
 *
 * Fashion-MNIST is read from Debian's `dataset-fashion-mnist` folder, or from the folder
 * `--fashion-mnist DIR` names (an extra flag, given to units as `ctx.flags`): it is not part
 * of the config because it does not change results.
 *
 * @example
 * ```ts
 * import { configure, ligeralde2023 } from "@prevision/prevision/studies";
 * const config = configure(ligeralde2023, { tiny: true, epochs: "2" });
 * ligeralde2023.units(config).map((u) => u.key); // ["random-seed1", "random-seed2", "waves-seed1", …]
 * ```
 *
 * @module
 */
import type { Experiment } from "../../experiment/contract.ts";
import { FASHION_MNIST_DIR } from "../../io/idx.ts";
import {
  LIGERALDE_PRESETS,
  type LigeraldeConfig,
  ligeraldeSchema,
  validateLigeralde,
} from "./config.ts";
import { FASHION_MNIST_FLAG } from "./data.ts";
import {
  type LigeraldeParams,
  type LigeraldeUnitResult,
  ligeraldeUnits,
  runLigeraldeUnit,
} from "./unit.ts";
import { reportLigeralde } from "./report.ts";

export {
  LIGERALDE_CONDITIONS,
  LIGERALDE_PRESETS,
  type LigeraldeCondition,
  type LigeraldeConfig,
  ligeraldeSchema,
} from "./config.ts";
export type { LigeraldeParams, LigeraldeUnitResult } from "./unit.ts";
export type { CapacityEntry, EvalResult } from "./_eval.ts";
export { LIGERALDE_METRICS, type LigeraldeMetric } from "./report.ts";

/**
 * The ligeralde2023 study: config schema and presets, units (condition × seed), the unit
 * function and the report.
 *
 * @example
 * ```ts
 * import { ligeralde2023 } from "@prevision/prevision/studies";
 * ligeralde2023.presets.quick.conditions; // ["random", "waves", "temporal", "pixel", "both"]
 * ```
 */
export const experiment: Experiment<LigeraldeConfig, LigeraldeParams, LigeraldeUnitResult> = {
  name: "ligeralde2023",
  summary:
    "Contrastive pre-training on retinal waves and representation geometry (Ligeralde et al. 2023).",
  schema: ligeraldeSchema,
  presets: LIGERALDE_PRESETS,
  extraFlags: {
    [FASHION_MNIST_FLAG]: {
      type: "string",
      description: `Fashion-MNIST IDX folder (default ${FASHION_MNIST_DIR})`,
    },
  },
  validate: validateLigeralde,
  units: ligeraldeUnits,
  runUnit: runLigeraldeUnit,
  report: reportLigeralde,
};
