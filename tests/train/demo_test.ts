import assert from "node:assert/strict";
import { useBackend } from "../../src/backend/mod.ts";
import { trainDemo } from "../../src/train/demo.ts";
import { setQuiet } from "../../src/util/log.ts";

setQuiet(true);

const options = { seed: 3, steps: 30, size: 12, batch: 4, channels: 4, learningRate: 0.02 };

Deno.test("demo: the conv net's loss falls on the cpu backend", async () => {
  await useBackend("cpu");
  const losses = await trainDemo(options);
  const head = losses.slice(0, 3).reduce((a, b) => a + b) / 3;
  const tail = losses.slice(-3).reduce((a, b) => a + b) / 3;
  assert.ok(tail < 0.8 * head, `loss did not fall: ${head} → ${tail}`);
});

Deno.test("demo: same seed gives identical losses on the same backend", async () => {
  await useBackend("cpu");
  const a = await trainDemo({ ...options, steps: 5 });
  const b = await trainDemo({ ...options, steps: 5 });
  assert.deepEqual(a, b);
});
