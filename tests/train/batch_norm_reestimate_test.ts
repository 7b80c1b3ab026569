import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { useBackend } from "../../src/backend/mod.ts";
import { batchNorm, ParamStore } from "../../src/models/layers.ts";
import { reestimateRunningStatistics } from "../../src/train/batch_norm_reestimate.ts";
import { setQuiet } from "../../src/util/log.ts";

setQuiet(true);

Deno.test("running statistics re-estimated: the mean of the batch moments, weights untouched", async () => {
  await useBackend("cpu");
  const store = new ParamStore(1, 0);
  const bn = store.batchNorm(2);
  // Two batches of two rows: channel 0 takes {1, 3} then {5, 7}; channel 1 {0, 0} then {2, 6}.
  const batches = [[[1, 0], [3, 0]], [[5, 2], [7, 6]]];
  const gammaBefore = bn.gamma.dataSync().slice();
  reestimateRunningStatistics(2, (b, updates) => {
    tf.tidy(() => batchNorm(tf.tensor2d(batches[b]), bn, true, updates));
  });
  // Batch means (2, 0) and (6, 4) → (4, 2); biased batch variances (1, 0) and (1, 4) → (1, 2).
  assert.deepEqual([...bn.runningMean.dataSync()], [4, 2]);
  assert.deepEqual([...bn.runningVar.dataSync()], [1, 2]);
  assert.deepEqual(bn.gamma.dataSync(), gammaBefore);
  // A second re-estimation replaces the statistics (it does not blend with the old ones).
  reestimateRunningStatistics(1, (_, updates) => {
    tf.tidy(() => batchNorm(tf.tensor2d([[0, 1], [2, 1]]), bn, true, updates));
  });
  assert.deepEqual([...bn.runningMean.dataSync()], [1, 1]);
  assert.deepEqual([...bn.runningVar.dataSync()], [1, 0]);
  store.dispose();
});
