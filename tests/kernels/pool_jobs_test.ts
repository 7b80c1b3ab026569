/**
 * The thread pool's jobs that move and reduce whole tensors (kernels/src/_conv_rows.ts):
 * copies between dense tensors and padded buffers, batch norm's per-channel moments and
 * channel affine pass, on 1 and 2 threads, against float64 loops.
 */
import assert from "node:assert/strict";
import { Layout, stageOut } from "../../src/backend/wasm/_padded.ts";
import { FILTER_GRAD_PARTS } from "../../src/backend/wasm/_conv_plan.ts";
import {
  runJob,
  sharedMemory,
  startThreads,
  stopThreads,
} from "../../src/backend/wasm/threads/pool.ts";
import { Rng } from "../../src/util/rng.ts";
import { relativeError } from "./_compare.ts";

const random = (rng: Rng, n: number) => Float32Array.from({ length: n }, () => rng.range(-1, 1));

Deno.test("pool jobs: padded copies, batch-norm moments and channel affine (1 and 2 threads)", async () => {
  const { n, h, wd, c, pad } = { n: 3, h: 5, wd: 7, c: 20, pad: 1 }; // 20: a partial block
  const rows = n * h * wd, rng = new Rng(11);
  const x = random(rng, rows * c), y = random(rng, rows * c), coef = random(rng, 3 * c);
  const sums: Float64Array[] = [];
  try {
    for (const threads of [1, 2]) {
      await startThreads(threads);
      const lay = new Layout();
      const xAt = lay.floats(rows * c), yAt = lay.floats(rows * c), back = lay.floats(rows * c);
      const padded = lay.padded(n, h, wd, c, pad), sumAt = lay.floats(FILTER_GRAD_PARTS * 4 * c);
      const outAt = lay.floats(rows * c), coefAt = lay.floats(3 * c);
      let heap = lay.commit();
      heap.set(x, xAt / 4);
      heap.set(y, yAt / 4);
      heap.set(coef, coefAt / 4);
      runJob("padCopy", [xAt, padded.at, c, pad, n, h, wd, 1]);
      runJob("padCopy", [back, padded.at, c, pad, n, h, wd, 0]);
      runJob("channelMoments", [xAt, yAt, rows, c, sumAt]);
      runJob("channelAffine", [outAt, xAt, yAt, rows, c, coefAt, coefAt + 4 * c, coefAt + 8 * c]);
      heap = new Float32Array(sharedMemory().buffer);
      assert.deepEqual(heap.slice(back / 4, back / 4 + rows * c), x, "padded copy round trip");
      const inside = new Float32Array(rows * c);
      stageOut(padded, inside);
      assert.deepEqual(inside, x, "padded copy interior");
      const parts = new Float64Array(sharedMemory().buffer, sumAt, FILTER_GRAD_PARTS * 2 * c);
      const total = new Float64Array(2 * c);
      for (let p = 0; p < FILTER_GRAD_PARTS; p++) {
        for (let i = 0; i < 2 * c; i++) total[i] += parts[p * 2 * c + i];
      }
      sums.push(total);
      const want = new Float64Array(2 * c);
      for (let r = 0; r < rows; r++) {
        for (let i = 0; i < c; i++) {
          want[i] += y[r * c + i];
          want[c + i] += x[r * c + i] * y[r * c + i];
        }
      }
      assert.ok(relativeError(total, want) <= 1e-6, "channel moments");
      const out = heap.slice(outAt / 4, outAt / 4 + rows * c);
      const affine = Float64Array.from(out, (_, j) => {
        const i = j % c;
        return coef[i] * x[j] + coef[c + i] * y[j] + coef[2 * c + i];
      });
      assert.ok(relativeError(out, affine) <= 1e-6, "channel affine");
    }
  } finally {
    stopThreads();
  }
  assert.deepEqual(sums[1], sums[0], "moments independent of the thread count");
});
