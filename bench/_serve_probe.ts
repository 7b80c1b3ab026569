/**
 * Diagnostics for `deno task bench serve`: the CPU time a server process spends per request
 * (robust to other load on a shared machine), and the in-process cost of `model.predict` per
 * row for one row and for a full batch — the most batching can give, before any HTTP work.
 */
import { tf } from "../src/backend/tf.ts";

/**
 * CPU time (user + system, all threads) of process `pid` in ms from /proc, or null where
 * that is not readable (not Linux, process gone). Read through `cat`: Deno grants /proc
 * files only with --allow-all, the bench has --allow-run.
 */
export function processCpuMsOf(pid: number): number | null {
  try {
    const out = new Deno.Command("cat", { args: [`/proc/${pid}/stat`], stderr: "null" })
      .outputSync();
    if (!out.success) return null;
    const stat = new TextDecoder().decode(out.stdout);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat, in clock ticks (USER_HZ = 100 on Linux)
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

/** In-process `model.predict` cost per row (ms, median over interleaved repeats). */
export interface PredictCost {
  singleRowMs: number;
  batchRows: number;
  batchPerRowMs: number;
  /** singleRowMs / batchPerRowMs: the throughput ratio batching could reach with free HTTP. */
  ceiling: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/**
 * Times `model.predict` on 1 row and on `batchRows` rows (input shape without the batch axis
 * `example`), alternating the two so that both see the same background load.
 */
export function predictCost(
  model: tf.LayersModel,
  example: number[],
  batchRows: number,
  repeats = 7,
): PredictCost {
  const rowSize = example.reduce((a, b) => a * b, 1);
  const values = new Float32Array(batchRows * rowSize).map((_, i) => (i * 0.618) % 1);
  const perRow = (rows: number): number => {
    const x = tf.tensor(values.subarray(0, rows * rowSize), [rows, ...example]);
    const run = () => {
      const y = model.predict(x) as tf.Tensor;
      y.dataSync();
      y.dispose();
    };
    try {
      run();
      const n = Math.max(3, Math.round(2 * batchRows / rows));
      const start = performance.now();
      for (let i = 0; i < n; i++) run();
      return (performance.now() - start) / n / rows;
    } finally {
      x.dispose();
    }
  };
  const single: number[] = [];
  const batch: number[] = [];
  for (let r = 0; r < repeats; r++) {
    single.push(perRow(1));
    batch.push(perRow(batchRows));
  }
  const singleRowMs = median(single);
  const batchPerRowMs = median(batch);
  return {
    singleRowMs: Math.round(singleRowMs * 1000) / 1000,
    batchRows,
    batchPerRowMs: Math.round(batchPerRowMs * 1000) / 1000,
    ceiling: Math.round(singleRowMs / batchPerRowMs * 100) / 100,
  };
}
