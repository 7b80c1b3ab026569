import assert from "node:assert/strict";
import { configure } from "../../../src/studies/_kit/mod.ts";
import { experiment, parseVariant, VARIANTS } from "../../../src/studies/shakiba2026/mod.ts";
import type { Shakiba2026Result } from "../../../src/studies/shakiba2026/mod.ts";
import { useBackend } from "../../../src/backend/select.ts";
import { InputError } from "../../../src/util/errors.ts";

Deno.test("shakiba2026 variants: the eleven names parse into the paper's recipes", () => {
  assert.equal(VARIANTS.length, 11);
  assert.deepEqual(parseVariant("W*D*C"), {
    name: "W*D*C",
    init: "bio",
    space: "real",
    regulariser: "wdc",
  });
  assert.deepEqual(parseVariant("WDC"), {
    name: "WDC",
    init: "orthogonal",
    space: "grid",
    regulariser: "wdc",
  });
  assert.deepEqual(parseVariant("WD*"), {
    name: "WD*",
    init: "orthogonal",
    space: "real",
    regulariser: "wd",
  });
  assert.deepEqual(parseVariant("W"), {
    name: "W",
    init: "orthogonal",
    space: "none",
    regulariser: "l1",
  });
  assert.deepEqual(parseVariant("W*DC*"), {
    name: "W*DC*",
    init: "bio",
    space: "grid",
    regulariser: "emd",
  });
  assert.deepEqual(parseVariant("W!D*C*"), {
    name: "W!D*C*",
    init: "permuted",
    space: "real",
    regulariser: "emd",
  });
  assert.throws(() => parseVariant("WC"), InputError);
  assert.throws(() => parseVariant("X"), InputError);
});

Deno.test("shakiba2026 presets: quick and full keep the former --quick and --full sizes", () => {
  const paper = {
    field: null,
    synapses: null,
    cells: null,
    syntheticNeurons: 312,
    syntheticSeed: 1,
    grid: null,
    variants: [...VARIANTS],
    tasks: ["maze", "gonogo", "perceptual"],
    positive: false,
    learningRate: 1e-3,
    lambda: 0.3,
    emdFactor: 0.1,
    inputNoise: 0.05,
  };
  assert.deepEqual(configure(experiment, {}), {
    ...paper,
    preset: "quick",
    seeds: [1],
    trainTrials: 1280,
    testTrials: 512,
    batchSize: 32,
    epochs: 1,
    nullPerms: 50,
  });
  assert.deepEqual(configure(experiment, { full: true }), {
    ...paper,
    preset: "full",
    seeds: Array.from({ length: 20 }, (_, i) => i + 1),
    trainTrials: 5120,
    testTrials: 2560,
    batchSize: 128,
    epochs: 10,
    nullPerms: 1000,
  });
  assert.equal(experiment.units(experiment.presets.quick).length, 33);
  assert.equal(experiment.units(experiment.presets.full).length, 660);
  for (const preset of ["tiny", "quick", "standard", "full"] as const) {
    assert.deepEqual(configure(experiment, { [preset]: true }), experiment.presets[preset]);
  }
});

Deno.test("shakiba2026 config: flags map onto the schema; cross-field checks are one-line errors", () => {
  const c = configure(experiment, {
    tiny: true,
    seeds: "3",
    variants: "W,WD*",
    tasks: "maze,gonogo",
    batch: "16",
    lr: "0.01",
    neurons: "30",
    grid: "5,3,2",
    positive: true,
  });
  assert.deepEqual(c.seeds, [1, 2, 3]);
  assert.deepEqual(c.variants, ["W", "WD*"]);
  assert.deepEqual(c.tasks, ["maze", "gonogo"]);
  assert.equal(c.batchSize, 16);
  assert.equal(c.learningRate, 0.01);
  assert.equal(c.syntheticNeurons, 30);
  assert.deepEqual(c.grid, [5, 3, 2]);
  assert.equal(c.positive, true);
  assert.deepEqual(experiment.units(c).slice(0, 3).map((u) => u.key), [
    "W-maze-s1",
    "WDs-maze-s1",
    "W-gonogo-s1",
  ]);
  const fails = (flags: Record<string, string | boolean>, pattern: RegExp) =>
    assert.throws(() => configure(experiment, flags), (e: Error) => {
      assert.ok(e instanceof InputError, String(e));
      assert.match(e.message, pattern);
      assert.equal(e.message.split("\n").length, 1);
      return true;
    });
  fails({ variants: "W*Q" }, /^unknown variant 'W\*Q'/);
  fails({ tasks: "juggling" }, /--tasks/);
  fails({ tiny: true, grid: "5,5,5" }, /--grid 5,5,5 holds 125 neurons, the connectome has 24/);
  fails({ tiny: true, seeds: "2,2" }, /each seed once/);
  fails({ synapses: "s.csv" }, /--synapses needs --cells/);
  fails({ field: "f", cells: "c.csv", synapses: "s.csv" }, /--field excludes/);
  fails({ seeds: "0" }, /--seeds/);
});

Deno.test("shakiba2026 tiny: units run in process and the report summarises, tests and draws them", async () => {
  await useBackend("cpu");
  const config = experiment.presets.tiny;
  const runDir = Deno.makeTempDirSync({ prefix: "shakiba-" });
  const results = new Map<string, Shakiba2026Result>();
  const units = experiment.units(config);
  assert.equal(units.length, 6);
  for (const u of units) {
    results.set(
      u.key,
      await experiment.runUnit(config, u.params, { runDir, key: u.key, log() {} }),
    );
  }
  const again = await experiment.runUnit(config, units[0].params, {
    runDir,
    key: units[0].key,
    log() {},
  });
  const first = results.get(units[0].key)!;
  assert.deepEqual(
    { ...again, seconds: 0, secondsPerStep: 0 },
    { ...first, seconds: 0, secondsPerStep: 0 },
    "same seed, same unit result",
  );
  const r = await experiment.report(config, results, { runDir, missing: [], log() {} });
  for (const v of config.variants) {
    const m = r.metrics[`${v}/gonogo`];
    for (const name of ["accuracy", "modularity", "smallWorld", "entropy", "assortativity"]) {
      assert.equal(m[name].n, 2, `${v} ${name}`);
      assert.equal(typeof m[name].mean, "number");
    }
    assert.ok(m.accuracy.mean >= 0 && m.accuracy.mean <= 1);
  }
  const vsW = r.tests.filter((t) => t.b === "W/gonogo" && t.metric === "accuracy");
  assert.equal(vsW.length, 2);
  for (const t of vsW) {
    assert.equal(t.correction, "holm");
    assert.ok(t.pAdjusted >= t.p);
  }
  assert.ok(r.tests.some((t) => t.a === "bio/gonogo"));
  assert.ok(r.tests.some((t) => t.a === "*/gonogo" && t.method.startsWith("Kruskal")));
  for (const name of ["accuracy.svg", "modularity.svg", "smallWorld.svg", "entropy.svg"]) {
    assert.match(String(r.figures?.[name]), /^<svg/, name);
  }
  const png = r.figures?.["weights_by_module_gonogo.png"];
  assert.ok(png instanceof Uint8Array && png.length > 100);
  assert.equal((r.extra?.connectome as { neurons: number }).neurons, 24);
  assert.match(r.markdown, /\| W\*D\*C \|/);
});
