/**
 * The work of one `yan2020` unit: simulate a ganglion cell's responses to white noise (or
 * natural-like movies), fit the STA, LN and CNN models, and score them on held-out movies
 * (against the cell's true rate, and against repeated spike trials), including transfer to
 * other cells and to the other stimulus class.
 */
import { binaryCheckerboard, type GridMovie } from "../../stimuli/white_noise.ts";
import { naturalLikeMovie } from "../../stimuli/natural_like.ts";
import {
  drawSpikes,
  type PopulationCell,
  type RgcCell,
  rgcPopulation,
  rgcRate,
  subunitFilters,
} from "../../biology/rgc/index.ts";
import { fitStaModel } from "../../analysis/sta.ts";
import { fitLnModel } from "../../analysis/ln_model.ts";
import {
  bitsPerSpike,
  fractionExplainableVariance,
  noiseCorrectedCorrelation,
  pearson,
  trialMean,
} from "../../analysis/metrics.ts";
import { matchFiltersToMasks, placeKernel, rank1 } from "../../analysis/filters.ts";
import { RgcCnn, type RgcCnnWeights } from "../../models/rgc_cnn.ts";
import { fitRgcCnn } from "../../models/rgc_cnn_fit.ts";

/** The experiment's configuration (see yan2020.ts for the defaults). */
export interface Yan2020Config {
  mode: "quick" | "full";
  seed: number;
  backend: string;
  cells: PopulationCell[];
  trainFrames: number;
  valFrames: number;
  testFrames: number;
  repeats: number;
  history: number;
  channels: number;
  epochs: number;
  batch: number;
  learningRate: number;
  patience: number;
  lnEpochs: number;
  /** What the CNN and LN are fitted to: the noise-free rate (as the authors' code) or spikes. */
  target: "rate" | "spikes";
  /** Output gain in spikes/s per unit above threshold (paper 2; 60 = 2 spikes per frame). */
  gain: number;
  separable: boolean;
  natural: boolean;
  /** Add a unit that fits the main cell's spikes when the target is the rate. */
  spikeUnit: boolean;
}

/** Scores of one model on one held-out movie. */
export interface Scores {
  /** Pearson r with the cell's true (noise-free) rate. */
  correlation: number;
  /** Pearson r with the trial-averaged spike count (PSTH) of the repeats. */
  psthCorrelation: number;
  /** CC_norm against the repeats. */
  noiseCorrected: number;
  /** Fraction of explainable variance explained (single trials). */
  fev: number;
  /** Poisson log-likelihood gain over a constant rate, bits per spike (single trials). */
  bitsPerSpike: number;
}

type Stimulus = "white-noise" | "natural";

function movieFor(
  config: Yan2020Config,
  stimulus: Stimulus,
  split: number,
  frames: number,
): GridMovie {
  const seed = config.seed * 1000 + split * 10 + (stimulus === "natural" ? 5 : 0);
  return stimulus === "natural"
    ? naturalLikeMovie({ frames, seed })
    : binaryCheckerboard({ frames, seed });
}

/** The cells of the config, with the configured output gain. */
export function cellsOf(config: Yan2020Config): RgcCell[] {
  return rgcPopulation(config.cells, {
    kind: "threshold-linear",
    gain: config.gain,
    threshold: 2.5,
  });
}

interface Split {
  movie: GridMovie;
  expected: Float64Array;
  spikes: Float32Array;
}

function split(cell: RgcCell, movie: GridMovie, spikeSeed: number): Split {
  const { expected } = rgcRate(cell, movie);
  return { movie, expected, spikes: drawSpikes(expected, cell.spiking, spikeSeed) };
}

/** Held-out movie with the true rate and `repeats` spike trials. */
interface TestSet {
  movie: GridMovie;
  expected: Float64Array;
  trials: Float32Array[];
}

function testSet(config: Yan2020Config, cell: RgcCell, stimulus: Stimulus): TestSet {
  const movie = movieFor(config, stimulus, 3, config.testFrames);
  const { expected } = rgcRate(cell, movie);
  const trials = Array.from(
    { length: config.repeats },
    (_, r) => drawSpikes(expected, cell.spiking, config.seed * 7919 + 100 + r),
  );
  return { movie, expected, trials };
}

/** Scores a prediction on a test set (the first history − 1 frames are skipped). */
export function score(pred: ArrayLike<number>, test: TestSet, skip: number): Scores {
  const cut = <T extends ArrayLike<number>>(a: T) => Array.from(a).slice(skip);
  const p = cut(pred);
  const trials = test.trials.map(cut);
  return {
    correlation: pearson(p, cut(test.expected)),
    psthCorrelation: pearson(p, trialMean(trials)),
    noiseCorrected: noiseCorrectedCorrelation(p, trials),
    fev: fractionExplainableVariance(p, trials),
    bitsPerSpike: trials.map((t) => bitsPerSpike(p, t)).reduce((a, b) => a + b, 0) / trials.length,
  };
}

/** Spatial and temporal parts of each conv filter, and how well they match the subunits. */
export function filterAnalysis(w: RgcCnnWeights, cell: RgcCell) {
  const { kernel: k, history: T, channels: K, size } = w.config;
  const out = size - k + 1;
  const filters = Array.from({ length: K }, (_, c) => {
    const m = new Float64Array(k * k * T);
    for (let p = 0; p < k * k; p++) {
      for (let l = 0; l < T; l++) m[p * T + l] = w.conv[(p * T + l) * K + c];
    }
    const r1 = rank1(m, k * k, T);
    let readout = 0;
    for (let p = 0; p < out * out; p++) readout += Math.abs(w.dense[p * K + c]);
    return {
      spatial: Array.from(r1.u),
      temporal: Array.from(r1.v),
      explained: r1.explained,
      readout,
    };
  });
  const candidates = filters.map((f) => {
    const placements: Float64Array[] = [];
    for (let oy = 0; oy < out; oy++) {
      for (let ox = 0; ox < out; ox++) placements.push(placeKernel(f.spatial, k, k, size, oy, ox));
    }
    return placements;
  });
  const match = matchFiltersToMasks(candidates, cell.subunits.map((s) => s.mask));
  const trueTemporal = subunitFilters(cell);
  const matches = match.matches.map((m) => {
    const t = filters[m.filter].temporal.map((v) => v * m.sign);
    return {
      ...m,
      temporalCorrelation: pearson(t, Array.from(trueTemporal[m.subunit]).slice(0, T)),
    };
  });
  return {
    score: match.score,
    temporalScore: matches.reduce((a, m) => a + m.temporalCorrelation, 0) / matches.length,
    matches,
    filters,
  };
}

/** STA spatial/temporal parts and their match to the cell's pooled mask and filter. */
function staAnalysis(filter: Float64Array, cell: RgcCell, lags: number) {
  const px = cell.size * cell.size;
  const r1 = rank1(filter, lags, px);
  const pooled = new Float64Array(px);
  for (const s of cell.subunits) for (let p = 0; p < px; p++) pooled[p] += s.weight * s.mask[p];
  const temporal = subunitFilters(cell)[0];
  const spatialCorr = pearson(r1.v, pooled);
  const sign = spatialCorr < 0 ? -1 : 1;
  return {
    spatial: Array.from(r1.v, (v) => v * sign),
    temporal: Array.from(r1.u, (v) => v * sign),
    spatialCorrelation: Math.abs(spatialCorr),
    temporalCorrelation: pearson(
      Array.from(r1.u, (v) => v * sign),
      Array.from(temporal).slice(0, lags),
    ),
  };
}

/** Runs one unit: fit on `stimulus` for `cellName` with the given CNN variant. */
export async function runYanUnit(
  config: Yan2020Config,
  cellName: PopulationCell,
  stimulus: Stimulus,
  variant: "paper" | "separable",
  log: (m: string) => void,
  otherStimulus: boolean,
) {
  const cells = cellsOf(config);
  const cell = cells.find((c) => c.name === cellName)!;
  const seedBase = config.seed * 7919;
  const train = split(
    cell,
    movieFor(config, stimulus, 1, config.trainFrames),
    seedBase + 1,
  );
  const val = split(cell, movieFor(config, stimulus, 2, config.valFrames), seedBase + 2);
  const pick = (s: Split) => config.target === "rate" ? s.expected : s.spikes;
  const lags = config.history;
  log(`${cellName} on ${stimulus}: ${train.spikes.reduce((a, b) => a + b, 0)} training spikes`);
  const test = testSet(config, cell, stimulus);
  const t0 = performance.now();
  const sta = fitStaModel(train.movie, pick(train), lags);
  const staSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const ln = fitLnModel(train.movie, pick(train), {
    lags,
    epochs: config.lnEpochs,
    seed: config.seed,
    validation: { movie: val.movie, response: pick(val) },
  });
  const lnSeconds = (performance.now() - t1) / 1000;
  log(`STA ${staSeconds.toFixed(1)} s, LN ${lnSeconds.toFixed(1)} s`);
  const model = new RgcCnn({
    size: cell.size,
    history: lags,
    channels: config.channels,
    variant,
    seed: config.seed,
  });
  try {
    const fit = await fitRgcCnn(
      model,
      { movie: train.movie, response: pick(train) },
      { movie: val.movie, response: pick(val) },
      {
        epochs: config.epochs,
        batch: config.batch,
        learningRate: config.learningRate,
        patience: config.patience,
        seed: config.seed,
        log,
      },
    );
    const skip = lags - 1;
    const result: Record<string, unknown> = {
      cell: cellName,
      stimulus,
      variant,
      trainingSpikes: train.spikes.reduce((a, b) => a + b, 0),
      meanRateHz: test.expected.reduce((a, b) => a + b, 0) / test.expected.length * cell.frameRate,
      cnn: score(model.predictMovie(test.movie), test, skip),
      ln: score(ln.predict(test.movie), test, skip),
      sta: score(sta.predict(test.movie), test, skip),
      fit: { ...fit, staSeconds, lnSeconds },
      filterMatch: filterAnalysis(model.getWeights(), cell),
      staFilter: staAnalysis(sta.filter, cell, lags),
      weights: model.getWeights(),
    };
    if (stimulus === "white-noise" && variant === "paper") {
      // Cell → cell: this model's prediction against every cell's true rate on white noise.
      result.transfer = Object.fromEntries(cells.map((other) => {
        const t = other === cell ? test : testSet(config, other, "white-noise");
        return [
          other.name,
          pearson(model.predictMovie(t.movie).slice(skip), t.expected.slice(skip)),
        ];
      }));
    }
    if (otherStimulus) {
      const other: Stimulus = stimulus === "natural" ? "white-noise" : "natural";
      const t = testSet(config, cell, other);
      result.otherStimulus = {
        stimulus: other,
        cnn: score(model.predictMovie(t.movie), t, skip),
        ln: score(ln.predict(t.movie), t, skip),
        sta: score(sta.predict(t.movie), t, skip),
      };
    }
    return result;
  } finally {
    model.dispose();
  }
}
