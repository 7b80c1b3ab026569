/**
 * What the fitted filters look like: each CNN conv filter and the STA split into a spatial
 * map and a temporal kernel (best rank-1 fit), and how well they match the cell's true
 * subunits and temporal filter.
 */
import { type RgcCell, subunitFilters } from "../../biology/rgc/cell.ts";
import { pearson } from "../../analysis/metrics.ts";
import {
  matchFiltersToMasks,
  placeKernel,
  rank1,
  type SubunitMatch,
} from "../../analysis/filters.ts";
import { shuffledMaskScores } from "../../analysis/filter_null.ts";
import { stnmf } from "../../analysis/stnmf.ts";
import type { FlatMovie } from "../../stimuli/flat_movie.ts";
import type { RgcCnnWeights } from "../../models/rgc_cnn.ts";

/** One conv filter as space × time. */
export interface FilterParts {
  /** Spatial map, kernel × kernel row-major (unit norm). */
  spatial: number[];
  /** Temporal kernel over the history frames (unit norm). */
  temporal: number[];
  /** Fraction of the filter's energy in its rank-1 part. */
  explained: number;
}

/** The conv filters' space × time parts; conv weights are `[k, k, history, channels]`. */
export function convFilterParts(w: RgcCnnWeights): FilterParts[] {
  const { kernel: k, history: T, channels: K } = w.config;
  return Array.from({ length: K }, (_, c) => {
    const m = new Float64Array(k * k * T);
    for (let i = 0; i < k * k * T; i++) m[i] = w.conv[i * K + c];
    const r1 = rank1(m, k * k, T);
    return { spatial: Array.from(r1.u), temporal: Array.from(r1.v), explained: r1.explained };
  });
}

/** A conv filter's parts and how much the readout uses it. */
export interface ReadoutFilter extends FilterParts {
  /** Sum of the absolute dense weights of the filter's channel over every position. */
  readout: number;
}

/** A filter matched to a subunit, with the match of its temporal kernel. */
export interface TemporalMatch extends SubunitMatch {
  /** r of the filter's temporal kernel (sign-corrected) with the subunit's true filter. */
  temporalCorrelation: number;
}

/** How well a CNN's conv filters recover the cell's subunits. */
export interface FilterMatch {
  /** Mean |spatial r| of the matched filters. */
  score: number;
  /** Mean temporal r of the matched filters. */
  temporalScore: number;
  /** One match per subunit. */
  matches: TemporalMatch[];
  /** Every conv filter. */
  filters: ReadoutFilter[];
}

/** The STA's rank-1 parts and their match to the cell. */
export interface StaParts {
  /** Spatial map, size × size row-major, oriented like the pooled subunit mask. */
  spatial: number[];
  /** Temporal kernel over the lags. */
  temporal: number[];
  /** |r| of the spatial map with the weight-pooled subunit masks. */
  spatialCorrelation: number;
  /** r of the temporal kernel with the cell's true temporal filter. */
  temporalCorrelation: number;
}

/**
 * r of a fitted kernel (lag k) with the true kernel at lag k + offset, over the lags both
 * have (the true kernel is as long as the history, so an offset drops the last fitted lags).
 */
function overlapCorrelation(fitted: number[], truth: ArrayLike<number>, offset: number): number {
  const t = Array.from(truth).slice(offset, offset + fitted.length);
  return pearson(fitted.slice(0, t.length), t);
}

/** Each filter's spatial map placed at every conv output position on the stimulus grid. */
function placements(spatial: number[][], k: number, size: number): Float64Array[][] {
  const out = size - k + 1;
  return spatial.map((s) => {
    const list: Float64Array[] = [];
    for (let oy = 0; oy < out; oy++) {
      for (let ox = 0; ox < out; ox++) list.push(placeKernel(s, k, k, size, oy, ox));
    }
    return list;
  });
}

/**
 * Matches the CNN's filters one-to-one to the cell's subunits (spatial r over every
 * placement of the kernel, sign and permutation free) and scores their temporal kernels.
 * `lagOffset` is how many frames later the models see the movie than the cell (1 when the
 * history window excludes the current frame), so filter lag k faces true lag k + offset.
 */
export function filterAnalysis(w: RgcCnnWeights, cell: RgcCell, lagOffset = 0): FilterMatch {
  const { kernel: k, channels: K, size } = w.config;
  const out = size - k + 1;
  const filters = convFilterParts(w).map((f, c) => {
    let readout = 0;
    for (let p = 0; p < out * out; p++) readout += Math.abs(w.dense[p * K + c]);
    return { ...f, readout };
  });
  const candidates = placements(filters.map((f) => f.spatial), k, size);
  const match = matchFiltersToMasks(candidates, cell.subunits.map((s) => s.mask));
  const trueTemporal = subunitFilters(cell);
  const matches = match.matches.map((m) => {
    const t = filters[m.filter].temporal.map((v) => v * m.sign);
    return {
      ...m,
      temporalCorrelation: overlapCorrelation(t, trueTemporal[m.subunit], lagOffset),
    };
  });
  return {
    score: match.score,
    temporalScore: matches.reduce((a, m) => a + m.temporalCorrelation, 0) / matches.length,
    matches,
    filters,
  };
}

/** The STA's spatial and temporal parts and their match to the pooled mask and true filter. */
export function staAnalysis(
  filter: Float64Array,
  cell: RgcCell,
  lags: number,
  lagOffset = 0,
): StaParts {
  const px = cell.size * cell.size;
  const r1 = rank1(filter, lags, px);
  const pooled = new Float64Array(px);
  for (const s of cell.subunits) for (let p = 0; p < px; p++) pooled[p] += s.weight * s.mask[p];
  const temporal = subunitFilters(cell)[0];
  const spatialCorr = pearson(r1.v, pooled);
  // The STA's sign is arbitrary in a rank-1 split: orient it like the pooled mask.
  const sign = spatialCorr < 0 ? -1 : 1;
  return {
    spatial: Array.from(r1.v, (v) => v * sign),
    temporal: Array.from(r1.u, (v) => v * sign),
    spatialCorrelation: Math.abs(spatialCorr),
    temporalCorrelation: overlapCorrelation(Array.from(r1.u, (v) => v * sign), temporal, lagOffset),
  };
}

/** Chance levels of the CNN's filter-match score. */
export interface FilterNull {
  /** The score of the same CNN before training (its initial weights). */
  untrained: number;
  /** Mean score of the trained filters against shuffled subunit masks. */
  shuffled: number;
  /** 95th percentile of the shuffled-mask scores. */
  shuffled95: number;
}

const percentile95 = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(0.95 * (xs.length - 1))];

/**
 * The two nulls of the filter-match score: the untrained CNN's score, and the trained
 * filters' score against `draws` sets of pixel-shuffled masks.
 */
export function filterNull(
  trained: RgcCnnWeights,
  untrained: RgcCnnWeights,
  cell: RgcCell,
  draws: number,
  seed: number,
): FilterNull {
  const { kernel: k, size } = trained.config;
  const candidates = placements(convFilterParts(trained).map((f) => f.spatial), k, size);
  const scores = shuffledMaskScores(candidates, cell.subunits.map((s) => s.mask), draws, seed);
  return {
    untrained: filterAnalysis(untrained, cell).score,
    shuffled: scores.reduce((a, b) => a + b, 0) / scores.length,
    shuffled95: percentile95(scores),
  };
}

/** STNMF's modules matched to the cell's subunits with the CNN's score. */
export interface StnmfMatch {
  /** Mean |spatial r| of the one-to-one match of modules to subunits. */
  score: number;
  /** |r| per subunit (index = subunit). */
  perSubunit: number[];
  /** Mean score of the modules against shuffled masks (its null). */
  shuffled: number;
  /** The modules (unit norm), size × size row-major. */
  modules: number[][];
  /** Spikes in the ensemble. */
  spikes: number;
}

/**
 * STNMF on a cell's training spikes with one module per true subunit (Liu et al. choose the
 * module count; giving it the true count is the favourable case), matched like the CNN.
 */
export function stnmfAnalysis(
  movie: FlatMovie,
  spikes: ArrayLike<number>,
  cell: RgcCell,
  lags: number,
  draws: number,
  seed: number,
): StnmfMatch {
  const result = stnmf(movie, spikes, { modules: cell.subunits.length, lags, seed });
  const candidates = result.modules.map((m) => [m]);
  const masks = cell.subunits.map((s) => s.mask);
  const match = matchFiltersToMasks(candidates, masks);
  const scores = shuffledMaskScores(candidates, masks, draws, seed);
  return {
    score: match.score,
    perSubunit: masks.map((_, s) => match.matches.find((m) => m.subunit === s)!.correlation),
    shuffled: scores.reduce((a, b) => a + b, 0) / scores.length,
    modules: result.modules.map((m) => Array.from(m)),
    spikes: result.spikes,
  };
}
