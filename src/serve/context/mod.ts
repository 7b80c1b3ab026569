/** What every route of one app instance shares: settings, models, batchers, metrics. */
import { tf } from "../../backend/tf.ts";
import { Batcher } from "../batching/mod.ts";
import type { Metrics } from "../metrics/mod.ts";
import type { ServeOptions } from "../options/mod.ts";
import type { ModelRegistry, ServedModel } from "../registry/mod.ts";

/**
 * Shared state of one app (the routes' business, exposed on {@link ServeApp} for tests and
 * embedding rather than as an API).
 *
 * @internal
 */
export interface ServeContext {
  options: ServeOptions;
  registry: ModelRegistry;
  metrics: Metrics;
  /** Resolves when models are loaded (predict waits for it). */
  ready: Promise<void>;
  isReady: () => boolean;
  backend: () => string;
  started: number;
  batchers: Map<string, Batcher>;
}

/** Runs one stacked batch through a model; tensors never outlive the call. */
export function runner(
  served: ServedModel,
): (data: Float32Array, rows: number) => Promise<Float32Array> {
  const shape = served.inputShape as number[];
  return async (data, rows) => {
    const out = tf.tidy(() => served.model.predict(tf.tensor(data, [rows, ...shape])) as tf.Tensor);
    try {
      return (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
  };
}

/** The batcher of a model, created on first use. */
export function batcherFor(ctx: ServeContext, served: ServedModel): Batcher {
  let b = ctx.batchers.get(served.name);
  if (!b) {
    const rowSize = (served.inputShape as number[]).reduce((a, d) => a * d, 1);
    b = new Batcher(runner(served), {
      maxBatch: ctx.options.maxBatch,
      waitMs: ctx.options.batchWaitMs,
      maxQueue: ctx.options.maxQueue,
      rowSize,
      onBatch: (rows) => ctx.metrics.batch(served.name, rows),
    });
    ctx.batchers.set(served.name, b);
  }
  return b;
}
