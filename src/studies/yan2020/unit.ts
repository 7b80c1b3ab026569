/**
 * The units of a yan2020 run and the work of one: fit the STA, LN and CNN models to a
 * simulated ganglion cell's responses to white noise (or natural-like movies) and score them
 * on held-out movies — against the cell's true rate and against repeated spike trials —
 * including transfer to the other cells and to the other stimulus class.
 *
 * @module
 */
import type { Unit, UnitContext } from "../../experiment/contract.ts";
import type { PopulationCell } from "../../biology/rgc/population.ts";
import { fitStaModel } from "../../analysis/sta.ts";
import { fitLnModel } from "../../analysis/ln_model.ts";
import {
  bitsPerSpike,
  fractionExplainableVariance,
  noiseCorrectedCorrelation,
  pearson,
  trialMean,
} from "../../analysis/metrics.ts";
import { RgcCnn, type RgcCnnWeights } from "../../models/rgc_cnn.ts";
import { fitRgcCnn, type RgcCnnFitResult } from "../../train/rgc_cnn_fit.ts";
import { isRecorded, type Yan2020Config } from "./config.ts";
import {
  cellsOf,
  fitData,
  type ResponseSplit,
  type Stimulus,
  type TestSet,
  testSet,
} from "./data.ts";
import {
  filterAnalysis,
  type FilterMatch,
  type FilterNull,
  filterNull,
  staAnalysis,
  type StaParts,
  stnmfAnalysis,
  type StnmfMatch,
} from "./_filters.ts";
import { type RecordedResult, runRecordedUnit } from "./_recorded.ts";

/**
 * Why a simulated unit is in the run: `cell` (each cell, white noise, the paper's CNN), or on
 * the main cell `separable` (space × time CNN), `spikes` (fitted to Poisson spikes rather than
 * the rate) or `natural` (trained on natural-like movies).
 */
export type UnitRole = "cell" | "separable" | "spikes" | "natural";

/** A model fitted to one simulated cell. */
export interface SimulatedParams {
  /** Marks a simulated-cell unit. */
  kind: "simulated";
  /** Why the unit is in the run. */
  role: UnitRole;
  /** Replicate seed (stimulus, spikes and model initialisation). */
  seed: number;
  /** The simulated cell. */
  cell: PopulationCell;
  /** The stimulus class the models are trained and tested on. */
  stimulus: Stimulus;
  /** The paper's CNN, or every conv filter constrained to space × time. */
  variant: "paper" | "separable";
  /** What the LN and CNN are fitted to. */
  target: "rate" | "spikes";
  /** Also score the models on the other stimulus class (the main cell's paper CNNs). */
  otherStimulus: boolean;
}

/** The recorded cell of the config, fitted with one replicate seed. */
export interface RecordedParams {
  /** Marks the recorded-cell unit. */
  kind: "recorded";
  /** Replicate seed (model initialisation). */
  seed: number;
}

/** Parameters of one yan2020 unit. */
export type Yan2020Params = SimulatedParams | RecordedParams;

/**
 * The units of a config, replicate by replicate: one per cell (white noise, the paper's
 * CNN), then on the main (first) cell the separable CNN, the fit to spikes and the fit to
 * natural-like movies, as the config asks; or one per seed for a recording.
 *
 * @example
 * ```ts
 * import { yan2020Presets, yan2020Units } from "@prevision/prevision/studies";
 * yan2020Units(yan2020Presets.quick).map((u) => u.key)[0]; // "cell-quadrants-off-seed1"
 * ```
 */
export function yan2020Units(config: Yan2020Config): Unit<Yan2020Params>[] {
  if (isRecorded(config)) {
    return config.seeds.map((seed) => ({
      key: `recorded-seed${seed}`,
      params: { kind: "recorded", seed },
    }));
  }
  const main = config.cells[0];
  return config.seeds.flatMap((seed) => {
    const unit = (
      role: UnitRole,
      cell: PopulationCell,
      rest: Pick<SimulatedParams, "stimulus" | "variant" | "target">,
    ): Unit<Yan2020Params> => ({
      key: `${role}-${cell}-seed${seed}`,
      params: {
        kind: "simulated",
        role,
        seed,
        cell,
        ...rest,
        // The main cell's white-noise and natural units are scored on both stimulus classes.
        otherStimulus: config.natural && cell === main && (role === "cell" || role === "natural"),
      },
    });
    const paper = { stimulus: "white-noise", variant: "paper", target: config.target } as const;
    const list = config.cells.map((cell) => unit("cell", cell, paper));
    if (config.separable) list.push(unit("separable", main, { ...paper, variant: "separable" }));
    if (config.spikeUnit && config.target === "rate") {
      list.push(unit("spikes", main, { ...paper, target: "spikes" }));
    }
    if (config.natural) list.push(unit("natural", main, { ...paper, stimulus: "natural" }));
    return list;
  });
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

/**
 * Scores a prediction on a test set, skipping the first `skip` frames (history − 1: the
 * models have no full history there).
 *
 * @example
 * ```ts
 * import { cellsOf, yan2020Presets } from "@prevision/prevision/studies";
 * import { testSet } from "./data.ts";
 * const config = yan2020Presets.tiny;
 * const test = testSet(config, cellsOf(config)[0], "white-noise", 1);
 * score(test.expected, test, 19).correlation; // 1: the true rate predicts itself
 * ```
 */
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

/** What a simulated-cell unit returns (`units/<key>.json`). */
export interface SimulatedResult {
  /** The simulated cell. */
  cell: PopulationCell;
  /** The stimulus class the models were trained and tested on. */
  stimulus: Stimulus;
  /** The CNN variant. */
  variant: "paper" | "separable";
  /** Spikes in the training movie. */
  trainingSpikes: number;
  /** The cell's mean firing rate on the test movie, in Hz. */
  meanRateHz: number;
  /** The CNN's scores on the test movie. */
  cnn: Scores;
  /** The LN model's scores. */
  ln: Scores;
  /** The STA model's scores. */
  sta: Scores;
  /** The CNN's training history, plus the STA and LN fitting times (seconds). */
  fit: RgcCnnFitResult & { staSeconds: number; lnSeconds: number };
  /** How well the CNN's filters recover the subunits. */
  filterMatch: FilterMatch;
  /** The filter-match score's nulls: the untrained CNN and shuffled masks. */
  filterNull: FilterNull;
  /** STNMF on the training spikes (white-noise paper units, when the config asks). */
  stnmf?: StnmfMatch;
  /** The STA's spatial and temporal parts. */
  staFilter: StaParts;
  /** The fitted CNN. */
  weights: RgcCnnWeights;
  /** White-noise paper CNNs: r with every cell's true rate (cell → cell transfer). */
  transfer?: Record<string, number>;
  /** The models scored on the other stimulus class. */
  otherStimulus?: { stimulus: Stimulus; cnn: Scores; ln: Scores; sta: Scores };
}

/** What a yan2020 unit returns. */
export type Yan2020Result = SimulatedResult | RecordedResult;

async function runSimulatedUnit(
  config: Yan2020Config,
  p: SimulatedParams,
  log: (m: string) => void,
): Promise<SimulatedResult> {
  const cells = cellsOf(config);
  const cell = cells.find((c) => c.name === p.cell)!;
  const { train, validation } = fitData(config, cell, p.stimulus, p.seed);
  const pick = (s: ResponseSplit) => p.target === "rate" ? s.expected : s.spikes;
  const lags = config.history;
  const trainingSpikes = train.spikes.reduce((a, b) => a + b, 0);
  log(`${p.cell} on ${p.stimulus}: ${trainingSpikes} training spikes`);
  const test = testSet(config, cell, p.stimulus, p.seed);
  const t0 = performance.now();
  const sta = fitStaModel(train.movie, pick(train), lags);
  const staSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const ln = fitLnModel(train.movie, pick(train), {
    lags,
    epochs: config.lnEpochs,
    seed: p.seed,
    validation: { movie: validation.movie, response: pick(validation) },
  });
  const lnSeconds = (performance.now() - t1) / 1000;
  log(`STA ${staSeconds.toFixed(1)} s, LN ${lnSeconds.toFixed(1)} s`);
  const model = new RgcCnn({
    size: cell.size,
    history: lags,
    channels: config.channels,
    variant: p.variant,
    seed: p.seed,
  });
  const untrained = model.getWeights();
  const lagOffset = config.excludeCurrent ? 1 : 0;
  try {
    const fit = await fitRgcCnn(
      model,
      { movie: train.movie, response: pick(train) },
      { movie: validation.movie, response: pick(validation) },
      {
        epochs: config.epochs,
        batch: config.batchSize,
        learningRate: config.learningRate,
        patience: config.patience,
        seed: p.seed,
        log,
      },
    );
    const skip = lags - 1;
    const result: SimulatedResult = {
      cell: p.cell,
      stimulus: p.stimulus,
      variant: p.variant,
      trainingSpikes,
      meanRateHz: test.expected.reduce((a, b) => a + b, 0) / test.expected.length * cell.frameRate,
      cnn: score(model.predictMovie(test.movie), test, skip),
      ln: score(ln.predict(test.movie), test, skip),
      sta: score(sta.predict(test.movie), test, skip),
      fit: { ...fit, staSeconds, lnSeconds },
      filterMatch: filterAnalysis(model.getWeights(), cell, lagOffset),
      filterNull: filterNull(model.getWeights(), untrained, cell, config.nullDraws, p.seed),
      staFilter: staAnalysis(sta.filter, cell, lags, lagOffset),
      weights: model.getWeights(),
    };
    if (config.stnmf && p.role === "cell" && p.stimulus === "white-noise") {
      // STNMF sees spikes only, whatever the CNN and LN were fitted to.
      result.stnmf = stnmfAnalysis(train.movie, train.spikes, cell, lags, config.nullDraws, p.seed);
      log(`STNMF match ${result.stnmf.score.toFixed(3)} (${result.stnmf.spikes} spikes)`);
    }
    if (p.stimulus === "white-noise" && p.variant === "paper") {
      result.transfer = Object.fromEntries(cells.map((other) => {
        const t = other === cell ? test : testSet(config, other, "white-noise", p.seed);
        return [
          other.name,
          pearson(model.predictMovie(t.movie).slice(skip), t.expected.slice(skip)),
        ];
      }));
    }
    if (p.otherStimulus) {
      const other: Stimulus = p.stimulus === "natural" ? "white-noise" : "natural";
      const t = testSet(config, cell, other, p.seed);
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

/**
 * Runs one unit: a pure function of the config and the unit's parameters (up to the
 * backend's numerics); the executor has initialised the backend.
 *
 * @example
 * ```ts
 * import { yan2020Presets, yan2020Units } from "@prevision/prevision/studies";
 * import { useBackend } from "@prevision/prevision";
 * await useBackend("cpu");
 * const config = yan2020Presets.tiny;
 * const [first] = yan2020Units(config);
 * const result = await runYan2020Unit(config, first.params, { log: console.error });
 * console.log(result.cnn.correlation);
 * ```
 */
export function runYan2020Unit(
  config: Yan2020Config,
  params: Yan2020Params,
  ctx: Pick<UnitContext, "log">,
): Promise<Yan2020Result> {
  return params.kind === "recorded"
    ? runRecordedUnit(config, params.seed, ctx.log)
    : runSimulatedUnit(config, params, ctx.log);
}
