/**
 * The recorded-data unit of yan2020: fit STA, LN and the CNN to one cell of a recording
 * (stimulus movie + spike times from NPY, see src/io/spikes.ts) split in time into 80 %
 * training, 10 % validation and 10 % test, and score them on the held-out spike counts.
 */
import { fitStaModel } from "../../analysis/sta.ts";
import { fitLnModel } from "../../analysis/ln_model.ts";
import { bitsPerSpike, pearson } from "../../analysis/metrics.ts";
import { rank1 } from "../../analysis/filters.ts";
import { RgcCnn, type RgcCnnWeights } from "../../models/rgc_cnn.ts";
import { fitRgcCnn, type RgcCnnFitResult } from "../../train/rgc_cnn_fit.ts";
import type { Yan2020Config } from "./config.ts";
import { recordedData } from "./data.ts";
import { convFilterParts, type FilterParts } from "./_filters.ts";

/** Scores on the held-out spike counts of a recording. */
export interface RecordedScores {
  /** r of the prediction with the held-out spike counts. */
  correlation: number;
  /** Information gain over a constant-rate model, in bits per spike. */
  bitsPerSpike: number;
}

/** What the recorded-data unit returns. */
export interface RecordedResult {
  /** The recording's files and cell (as the flags name them), its size and spike count. */
  recorded: {
    stimulus: string;
    spikes: string;
    frameRate?: number;
    frameTimes?: string;
    cellIndex: number;
    frames: number;
    size: number;
    spikeCount: number;
  };
  /** The CNN's scores. */
  cnn: RecordedScores;
  /** The LN model's scores. */
  ln: RecordedScores;
  /** The STA model's scores. */
  sta: RecordedScores;
  /** The CNN's training history. */
  fit: RgcCnnFitResult;
  /** The CNN's conv filters as space × time. */
  filters: FilterParts[];
  /** The STA's spatial and temporal parts. */
  staFilter: { spatial: number[]; temporal: number[] };
  /** The fitted CNN. */
  weights: RgcCnnWeights;
}

/** Fits and scores the three models on the config's recorded cell with one seed. */
export async function runRecordedUnit(
  config: Yan2020Config,
  seed: number,
  log: (m: string) => void,
): Promise<RecordedResult> {
  const rec = config.recorded;
  const data = recordedData(rec, config.history);
  const { train, validation, test } = data;
  const lags = config.history;
  log(
    `recording: ${data.frames} frames of ${data.size}², ${data.spikeCount} spikes, ` +
      `${data.dropped} dropped`,
  );
  const sta = fitStaModel(train.movie, train.response, lags);
  const ln = fitLnModel(train.movie, train.response, {
    lags,
    epochs: config.lnEpochs,
    seed,
    validation,
  });
  const model = new RgcCnn({
    size: data.size,
    history: lags,
    kernel: Math.min(7, data.size),
    channels: config.channels,
    seed,
  });
  try {
    const fit = await fitRgcCnn(model, train, validation, {
      epochs: config.epochs,
      batch: config.batchSize,
      learningRate: config.learningRate,
      patience: config.patience,
      seed,
      log,
    });
    const y = Array.from(test.response).slice(lags - 1);
    const scoreOf = (p: Float64Array) => ({
      correlation: pearson(p.slice(lags - 1), y),
      bitsPerSpike: bitsPerSpike(p.slice(lags - 1), y),
    });
    const w = model.getWeights();
    const staR1 = rank1(sta.filter, lags, data.size * data.size);
    return {
      recorded: {
        stimulus: rec.stimulus!,
        spikes: rec.spikeTimes!,
        ...(rec.frameTimes === null
          ? { frameRate: rec.frameRate! }
          : { frameTimes: rec.frameTimes }),
        cellIndex: rec.cellIndex,
        frames: data.frames,
        size: data.size,
        spikeCount: data.spikeCount,
      },
      cnn: scoreOf(model.predictMovie(test.movie)),
      ln: scoreOf(ln.predict(test.movie)),
      sta: scoreOf(sta.predict(test.movie)),
      fit,
      filters: convFilterParts(w),
      staFilter: { spatial: Array.from(staR1.v), temporal: Array.from(staR1.u) },
      weights: w,
    };
  } finally {
    model.dispose();
  }
}
