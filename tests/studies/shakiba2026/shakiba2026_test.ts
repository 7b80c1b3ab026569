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

Deno.test("shakiba2026 presets: every preset above tiny trains the authors' 400 steps per run", () => {
  for (const preset of ["quick", "standard", "full"] as const) {
    const c = experiment.presets[preset];
    assert.equal(c.trainTrials, 5120, preset);
    assert.equal(c.testTrials, 2560, preset);
    assert.equal(c.batchSize, 128, preset);
    assert.equal(c.epochs, 10, preset);
    assert.equal(c.epochs * Math.ceil(c.trainTrials / c.batchSize), 400, preset);
    // The paper's switches are the defaults: real positions, Corr prior, WDC with epsilon.
    assert.equal(c.dstar, "real");
    assert.equal(c.prior, "corr");
    assert.equal(c.wdcEpsilon, 1e-10);
    assert.equal(c.lambda, 0.3);
    assert.equal(c.inputNoise, 0.05);
  }
  const standard = experiment.presets.standard;
  assert.deepEqual(standard.variants, [...VARIANTS]);
  assert.deepEqual(standard.tasks, ["maze", "gonogo", "perceptual"]);
  assert.ok(standard.seeds.length >= 5);
  assert.deepEqual(experiment.presets.full.seeds, Array.from({ length: 20 }, (_, i) => i + 1));
  assert.equal(experiment.units(experiment.presets.full).length, 660);
  assert.equal(configure(experiment, {}).preset, "quick");
  for (const preset of ["tiny", "quick", "standard", "full"] as const) {
    assert.deepEqual(configure(experiment, { [preset]: true }), experiment.presets[preset]);
  }
  const authors = configure(experiment, {
    dstar: "authors",
    prior: "precision",
    "wdc-epsilon": "0",
  });
  assert.equal(authors.dstar, "authors");
  assert.equal(authors.prior, "precision");
  assert.equal(authors.wdcEpsilon, 0);
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
  fails({ dstar: "scrambled" }, /--dstar/);
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
    for (
      const name of [
        "accuracy",
        "trainAccuracy",
        "modularity",
        "smallWorld",
        "entropy",
        "assortativity",
      ]
    ) {
      assert.equal(m[name].n, 2, `${v} ${name}`);
      assert.equal(typeof m[name].mean, "number");
    }
    assert.ok(m.accuracy.mean >= 0 && m.accuracy.mean <= 1);
    assert.ok(m.trainAccuracy.mean >= 0 && m.trainAccuracy.mean <= 1);
  }
  for (const u of results.values()) {
    assert.equal(u.nonFiniteSteps, 0);
    assert.equal(u.finiteWeights, true);
  }
  // tiny's W*D*C, W and W!D*C* share no factor cell (each cell holds one level), so no
  // per-factor test runs; those are checked against scipy in factors_test.ts.
  assert.ok(!r.tests.some((t) => t.a.startsWith("W@")));
  assert.match(r.markdown, /Numerical health/);
  assert.match(r.markdown, /zero out-strength/);
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
