/**
 * A small population of ganglion cells with different subunit layouts, for cell → cell
 * transfer: the paper's OFF cell (four 2×2 quadrants), an OFF cell with nine 2×2 subunits
 * over the central 6×6, an ON cell with four vertical 1×4 bars, and an OFF cell whose four
 * quadrants are offset by one pixel and pooled with unequal weights.
 */
import { blockLayout } from "./layout.ts";
import { createRgc, type RgcCell } from "./cell.ts";
import type { OutputNonlinearity } from "./cell.ts";

/**
 * Names of the cells {@link rgcPopulation} can build.
 *
 * @example
 * ```ts
 * import { POPULATION_CELLS, rgcPopulation } from "@prevision/prevision/biology";
 * const everyCell = rgcPopulation(POPULATION_CELLS);
 * ```
 */
export const POPULATION_CELLS = ["quadrants-off", "nine-off", "bars-on", "shifted-off"] as const;

/**
 * One of {@link POPULATION_CELLS}.
 *
 * @example
 * ```ts
 * import { type PopulationCell, rgcPopulation } from "@prevision/prevision/biology";
 * const names: PopulationCell[] = ["quadrants-off", "bars-on"];
 * rgcPopulation(names);
 * ```
 */
export type PopulationCell = typeof POPULATION_CELLS[number];

/**
 * Builds cells by name on an 8×8 grid. `nonlinearity` (default the paper's
 * 2·max(0, x − 2.5) spikes/s) is shared; for the nine-subunit cell the threshold is raised
 * by 2.5 per extra group of four subunits so it fires about as often.
 *
 * @example
 * ```ts
 * import { rgcPopulation } from "@prevision/prevision/biology";
 * const [a, b] = rgcPopulation(["quadrants-off", "bars-on"]);
 * console.log(a.subunits.length, b.subunits[0].polarity); // 4 "on"
 * ```
 */
export function rgcPopulation(
  names: readonly PopulationCell[] = POPULATION_CELLS,
  nonlinearity: OutputNonlinearity = { kind: "threshold-linear", gain: 2, threshold: 2.5 },
): RgcCell[] {
  return names.map((name) => {
    switch (name) {
      case "quadrants-off":
        return createRgc({ name, nonlinearity });
      case "nine-off": {
        const nl = nonlinearity.kind === "threshold-linear"
          ? { ...nonlinearity, threshold: nonlinearity.threshold * 9 / 4 }
          : nonlinearity;
        return createRgc({ name, subunits: blockLayout({ grid: [3, 3] }), nonlinearity: nl });
      }
      case "bars-on":
        return createRgc({
          name,
          subunits: blockLayout({ block: [4, 1], grid: [1, 4], polarity: "on" }),
          nonlinearity,
        });
      case "shifted-off":
        return createRgc({
          name,
          subunits: blockLayout({ origin: [1, 3], weights: [1.4, 0.6, 1.2, 0.8] }),
          nonlinearity,
        });
    }
  });
}
