import assert from "node:assert/strict";
import { configFlags, configure } from "../../../src/studies/_kit/mod.ts";
import { experiment } from "../../../src/studies/ligeralde2023/mod.ts";
import { InputError } from "../../../src/util/errors.ts";

/** The quick preset's evaluation seeds, fixed before they were run. */
const QUICK_SEEDS = [1, 2, 3, 4, 5, 6];

Deno.test("ligeralde2023 presets: the sizes fixed before the evaluation seeds were run", () => {
  const { tiny, quick, standard, full } = experiment.presets;
  assert.deepEqual(quick.conditions, ["random", "waves", "temporal", "pixel", "both"]);
  assert.deepEqual(quick.seeds, QUICK_SEEDS);
  assert.deepEqual([quick.waveFrames, quick.simSize, quick.imageSize], [1500, 64, 32]);
  assert.deepEqual([quick.heldOutFrames, quick.waveScaling], [600, "standardise"]);
  assert.deepEqual(quick.encoder, {
    inChannels: 1,
    widths: [16, 32, 64, 128],
    blocks: [1, 1, 1, 1],
    stemKernel: 7,
    stemStride: 2,
    maxPool: true,
  });
  assert.deepEqual(quick.pretrain, {
    epochs: 6,
    learningRate: 1e-3,
    weightDecay: 1e-6,
    batchSize: 128,
    maxFramesPerWave: 1000, // whole waves (the longest simulated here is far shorter)
    k: 1,
    tau: 0.5,
    loss: "authors",
  });
  // The authors' capacity: ±10 % translations, ≥ 100 dichotomies, encoder output and projector.
  for (const p of [quick, standard, full]) {
    assert.equal(p.eval.capacityMaxShift, 0.1);
    assert.ok(p.eval.capacityReps >= 100);
    assert.ok(
      p.eval.capacityLayers.includes("features") && p.eval.capacityLayers.includes("embedding"),
    );
    assert.ok(p.eval.reestimateBn);
  }
  assert.deepEqual([full.eval.capacityExemplars, full.eval.capacityShifts], [50, 20]);
  assert.deepEqual(tiny.conditions, ["random", "waves", "temporal"]);
  assert.deepEqual([tiny.seeds, tiny.waveFrames, tiny.encoder.widths], [[1, 2], 150, [4, 8]]);
  assert.deepEqual(
    [tiny.pretrain.epochs, tiny.pretrain.batchSize, tiny.pretrain.maxFramesPerWave],
    [1, 48, 8],
  );
  assert.deepEqual([tiny.eval.classTrain, tiny.eval.probeEpochs], [100, 50]);
  assert.deepEqual(full.encoder.widths, [64, 128, 256, 512]);
  assert.deepEqual(full.encoder.blocks, [2, 2, 2, 2]);
  assert.equal(full.encoder.inChannels, 3);
  assert.deepEqual(
    [full.pretrain.learningRate, full.pretrain.epochs, full.pretrain.batchSize],
    [1e-4, 100, 3000],
  );
  assert.deepEqual([full.seeds.length, full.waveFrames, full.eval.classTrain], [5, 20000, 10000]);
  // standard lies between quick and full
  assert.deepEqual(standard.encoder.widths, full.encoder.widths);
  assert.ok(standard.pretrain.epochs > quick.pretrain.epochs);
  assert.ok(standard.pretrain.epochs < full.pretrain.epochs);
  assert.ok(standard.waveFrames >= quick.waveFrames && standard.waveFrames < full.waveFrames);
  for (const p of [tiny, quick, standard, full]) {
    assert.deepEqual(experiment.schema.parse(p), p, p.preset);
  }
});

Deno.test("ligeralde2023 flags: shared names, lists and one-line errors", () => {
  const flags = configFlags(experiment.schema);
  for (const name of ["seeds", "epochs", "lr", "batch", "conditions", "wave-frames", "widths"]) {
    assert.ok(flags[name], `--${name}`);
  }
  assert.ok(experiment.extraFlags?.["fashion-mnist"]);
  {
    const c = configure(experiment, {
      tiny: true,
      seeds: "4",
      epochs: "2",
      lr: "5e-4",
      batch: "64",
      conditions: "waves,pixel",
      "wave-frames": "300",
      widths: "8,16",
      tau: "0.2",
    });
    assert.equal(c.preset, "tiny");
    assert.deepEqual(c.seeds, [1, 2, 3, 4]);
    assert.deepEqual(c.conditions, ["waves", "pixel"]);
    assert.deepEqual(
      [c.pretrain.epochs, c.pretrain.learningRate, c.pretrain.batchSize, c.pretrain.tau],
      [2, 5e-4, 64, 0.2],
    );
    assert.deepEqual([c.waveFrames, c.encoder.widths, c.encoder.blocks], [300, [8, 16], [1, 1]]);
    assert.deepEqual(experiment.units(c).map((u) => u.key), [
      "waves-seed1",
      "waves-seed2",
      "waves-seed3",
      "waves-seed4",
      "pixel-seed1",
      "pixel-seed2",
      "pixel-seed3",
      "pixel-seed4",
    ]);
    const bad: Record<string, string>[] = [
      { conditions: "waves,bogus" },
      { conditions: "waves,waves" },
      { conditions: "recorded" },
      { recorded: "/nonexistent.tif" },
      { conditions: "random,recorded", recorded: "/nonexistent.tif" },
      { widths: "8,0" },
      { widths: "8,16,32" }, // three stages but two block counts
      { seeds: "1" },
      { lr: "2" },
      { "wave-model": "bogus" },
    ];
    for (const f of bad) {
      assert.throws(
        () => configure(experiment, { tiny: true, ...f }),
        InputError,
        JSON.stringify(f),
      );
    }
  }
});
