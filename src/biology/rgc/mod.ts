/**
 * Biophysical retinal ganglion cells with bipolar-cell subunits (Yan et al. 2020).
 */
export {
  causalFilter,
  differenceOfGammas,
  type DogTemporalOptions,
  gammaKernel,
} from "./temporal.ts";
export { blockLayout, type BlockLayoutOptions, checkLayout, type Subunit } from "./layout.ts";
export {
  createRgc,
  drawSpikes,
  type MovieLike,
  type OutputNonlinearity,
  type RgcCell,
  rgcRate,
  type RgcResponse,
  simulateRgc,
  subunitFilters,
} from "./cell.ts";
export { POPULATION_CELLS, type PopulationCell, rgcPopulation } from "./population.ts";
