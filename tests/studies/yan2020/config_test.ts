import assert from "node:assert/strict";
import { configure } from "../../../src/studies/_kit/mod.ts";
import { experiment, yan2020Presets } from "../../../src/studies/yan2020/mod.ts";

Deno.test("yan2020 presets: quick has ≥ 5 seeds and 32 filters, full the authors' sizes", () => {
  const shared = {
    history: 20,
    batchSize: 128,
    learningRate: 4e-3,
    patience: 10,
    target: "rate",
    gain: 60,
    natural: true,
    excludeCurrent: false,
    spiking: "poisson",
    stnmf: true,
    nullDraws: 20,
  };
  assert.deepEqual(
    { ...yan2020Presets.quick },
    {
      ...shared,
      preset: "quick",
      seeds: [1, 2, 3, 4, 5],
      separable: false,
      spikeUnit: false,
      cells: ["quadrants-off", "nine-off", "bars-on"],
      trainFrames: 20000,
      valFrames: 2000,
      testFrames: 2000,
      repeats: 10,
      channels: 32,
      epochs: 40,
      lnEpochs: 8,
      recorded: {
        stimulus: null,
        spikeTimes: null,
        frameRate: null,
        frameTimes: null,
        cellIndex: 0,
      },
    },
  );
  const full = yan2020Presets.full;
  assert.deepEqual(
    [full.trainFrames, full.valFrames, full.testFrames, full.repeats, full.channels, full.epochs],
    [90000, 6000, 6000, 20, 32, 1100],
  );
  assert.equal(full.batchSize, 2000);
  assert.ok(full.seeds.length >= 5);
  assert.equal(full.lnEpochs, 30);
  assert.deepEqual(full.cells, ["quadrants-off", "nine-off", "bars-on", "shifted-off"]);
  for (const preset of ["tiny", "quick", "standard", "full"] as const) {
    assert.ok(experiment.schema.safeParse(yan2020Presets[preset]).success, preset);
    experiment.validate!(yan2020Presets[preset]);
  }
});

Deno.test("yan2020 flags: the old names still work and --seeds replaces --seed", () => {
  const config = configure(experiment, {
    frames: "3000",
    epochs: "2",
    channels: "4",
    cells: "quadrants-off,bars-on",
    batch: "64",
    lr: "0.002",
    "no-natural": true,
    "no-spikes": true,
    "no-separable": true,
    seeds: "3",
  });
  assert.equal(config.preset, "quick");
  assert.deepEqual(config.seeds, [1, 2, 3]);
  assert.deepEqual(config.cells, ["quadrants-off", "bars-on"]);
  assert.equal(config.trainFrames, 3000);
  assert.equal(config.batchSize, 64);
  assert.equal(config.learningRate, 0.002);
  assert.equal(config.natural || config.spikeUnit || config.separable, false);
  assert.deepEqual(
    experiment.units(config).map((u) => u.key),
    [1, 2, 3].flatMap((s) => [`cell-quadrants-off-seed${s}`, `cell-bars-on-seed${s}`]),
  );
});

Deno.test("yan2020 units: extra units on the main cell, and which are scored on both stimuli", () => {
  const config = configure(experiment, { tiny: true });
  const units = experiment.units(config);
  assert.deepEqual(units.map((u) => u.key), [
    "cell-quadrants-off-seed1",
    "cell-bars-on-seed1",
    "separable-quadrants-off-seed1",
    "spikes-quadrants-off-seed1",
    "natural-quadrants-off-seed1",
  ]);
  const other = units.map((u) => u.params.kind === "simulated" && u.params.otherStimulus);
  assert.deepEqual(other, [true, false, false, false, true]);
  const spikes = units[3].params;
  assert.ok(spikes.kind === "simulated" && spikes.target === "spikes");
  // Fitting spikes throughout makes the extra spike unit redundant.
  const onSpikes = configure(experiment, { tiny: true, target: "spikes" });
  assert.ok(!experiment.units(onSpikes).some((u) => u.key.startsWith("spikes-")));
});

Deno.test("yan2020 recorded data: one unit per seed, and the flags that go together", () => {
  const config = configure(experiment, {
    stimulus: "stim.npy",
    "spike-times": "spikes.npy",
    "frame-rate": "30",
    seeds: "2",
  });
  assert.deepEqual(config.recorded, {
    stimulus: "stim.npy",
    spikeTimes: "spikes.npy",
    frameRate: 30,
    frameTimes: null,
    cellIndex: 0,
  });
  assert.deepEqual(experiment.units(config).map((u) => u.key), [
    "recorded-seed1",
    "recorded-seed2",
  ]);
  assert.throws(() => configure(experiment, { stimulus: "x.npy" }), /go together/);
  assert.throws(
    () => configure(experiment, { stimulus: "x.npy", "spike-times": "y.npy" }),
    /--frame-rate or --frame-times/,
  );
});

Deno.test("yan2020 flags: bad values are one-line errors naming the flag", () => {
  assert.throws(() => configure(experiment, { cells: "nope" }), /--cells/);
  assert.throws(() => configure(experiment, { cells: "bars-on,bars-on" }), /twice/);
  assert.throws(() => configure(experiment, { frames: "100" }), /--frames/);
  assert.throws(() => configure(experiment, { target: "both" }), /--target/);
  assert.throws(() => configure(experiment, { "test-frames": "20" }), /--test-frames/);
});
