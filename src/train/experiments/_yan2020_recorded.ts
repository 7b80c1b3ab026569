/**
 * The recorded-data path of `yan2020`: fit STA, LN and the CNN to one cell of a recording
 * (stimulus movie + spike times from NPY, see src/io/spikes.ts) split in time into 80 %
 * training, 10 % validation and 10 % test, and score them on the held-out spike counts.
 */
import { loadRecording } from "../../io/spikes.ts";
import { InputError } from "../../util/errors.ts";
import { fitStaModel } from "../../analysis/sta.ts";
import { fitLnModel } from "../../analysis/ln_model.ts";
import { bitsPerSpike, pearson } from "../../analysis/metrics.ts";
import { rank1 } from "../../analysis/filters.ts";
import { RgcCnn } from "../../models/rgc_cnn.ts";
import { fitRgcCnn } from "../../models/rgc_cnn_fit.ts";
import type { Yan2020Config } from "./_yan2020_unit.ts";

/** Where the recording is (flags --stimulus, --spikes, --frame-rate | --frame-times). */
export interface RecordedConfig {
  stimulus: string;
  spikes: string;
  frameRate?: number;
  frameTimes?: string;
  cellIndex: number;
}

type Movie = { data: Float32Array; frames: number; size: number };

function slice(movie: Movie, counts: Float32Array, from: number, to: number) {
  const px = movie.size * movie.size;
  return {
    movie: { data: movie.data.slice(from * px, to * px), frames: to - from, size: movie.size },
    response: counts.slice(from, to),
  };
}

/** Fits and scores the three models on one recorded cell. */
export async function runRecordedUnit(
  config: Yan2020Config,
  rec: RecordedConfig,
  log: (m: string) => void,
) {
  const data = loadRecording(rec);
  const counts = data.counts[rec.cellIndex];
  if (!counts) {
    throw new InputError(
      `cell ${rec.cellIndex} not in the recording (${data.counts.length} cells)`,
    );
  }
  const { movie } = data;
  const lags = config.history;
  if (movie.frames < 20 * lags) throw new InputError(`recording too short: ${movie.frames} frames`);
  const a = Math.floor(movie.frames * 0.8);
  const b = Math.floor(movie.frames * 0.9);
  const train = slice(movie, counts, 0, a);
  const val = slice(movie, counts, a, b);
  const test = slice(movie, counts, b, movie.frames);
  const total = counts.reduce((x, y) => x + y, 0);
  log(
    `recording: ${movie.frames} frames of ${movie.size}², ${total} spikes, ${data.dropped} dropped`,
  );
  const sta = fitStaModel(train.movie, train.response, lags);
  const ln = fitLnModel(train.movie, train.response, {
    lags,
    epochs: config.lnEpochs,
    seed: config.seed,
    validation: val,
  });
  const model = new RgcCnn({
    size: movie.size,
    history: lags,
    kernel: Math.min(7, movie.size),
    channels: config.channels,
    seed: config.seed,
  });
  try {
    const fit = await fitRgcCnn(model, train, val, {
      epochs: config.epochs,
      batch: config.batch,
      learningRate: config.learningRate,
      patience: config.patience,
      seed: config.seed,
      log,
    });
    const y = Array.from(test.response).slice(lags - 1);
    const scoreOf = (p: Float64Array) => ({
      correlation: pearson(p.slice(lags - 1), y),
      bitsPerSpike: bitsPerSpike(p.slice(lags - 1), y),
    });
    const w = model.getWeights();
    const { kernel: k, channels: K } = w.config;
    const filters = Array.from({ length: K }, (_, c) => {
      const m = new Float64Array(k * k * lags);
      for (let i = 0; i < k * k * lags; i++) m[i] = w.conv[i * K + c];
      const r1 = rank1(m, k * k, lags);
      return { spatial: Array.from(r1.u), temporal: Array.from(r1.v), explained: r1.explained };
    });
    const staR1 = rank1(sta.filter, lags, movie.size * movie.size);
    return {
      recorded: { ...rec, frames: movie.frames, size: movie.size, spikeCount: total },
      cnn: scoreOf(model.predictMovie(test.movie)),
      ln: scoreOf(ln.predict(test.movie)),
      sta: scoreOf(sta.predict(test.movie)),
      fit,
      filters,
      staFilter: { spatial: Array.from(staR1.v), temporal: Array.from(staR1.u) },
      weights: w,
    };
  } finally {
    model.dispose();
  }
}
