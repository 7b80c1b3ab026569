import assert from "node:assert/strict";
import { useBackend } from "../../../src/backend/select.ts";
import { loadMicronsField, syntheticConnectome } from "../../../src/biology/connectome/mod.ts";
import { BioRnn } from "../../../src/models/bio_rnn.ts";
import { makeRegulariser } from "../../../src/models/bio_regularisers.ts";
import { TASKS } from "../../../src/tasks/mod.ts";
import { trainBioRnn } from "../../../src/train/bio_rnn_fit.ts";
import {
  authorsPseudoPositions,
  distanceCorrelation,
  dStarOf,
} from "../../../src/studies/shakiba2026/_geometry.ts";
import { epsilonDominance, numericalFailures } from "../../../src/studies/shakiba2026/_health.ts";
import { withPrior } from "../../../src/studies/shakiba2026/_prior.ts";
import {
  DEFAULT_FIELD,
  shakiba2026Presets,
  validateShakiba2026,
} from "../../../src/studies/shakiba2026/config.ts";
import { InputError } from "../../../src/util/errors.ts";
import { MICRONS, requires } from "../../_tools.ts";

Deno.test("shakiba2026 geometry: the authors' reshape(3, -1) reads thirds of the flat list", () => {
  // numpy: np.array([[0,1,2],[3,4,5],[6,7,8],[9,10,11]]).reshape(3,-1) = [[0..3],[4..7],[8..11]];
  // each row min–max'd, column i is point i: (i/3, i/3, i/3).
  const p = authorsPseudoPositions([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 4);
  for (let i = 0; i < 4; i++) {
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(p[i * 3 + k] - i / 3) < 1e-12);
  }
  // A constant third gives 0, not NaN.
  assert.deepEqual([...authorsPseudoPositions([5, 5, 1, 2, 3, 4], 2)], [0, 0, 0, 0, 1, 1]);
  const c = syntheticConnectome({ n: 30, seed: 3 });
  assert.ok(
    Math.abs(distanceCorrelation(dStarOf(c, "real", false), dStarOf(c, "real", false), 30) - 1) <
      1e-12,
  );
});

Deno.test({
  ...requires("shakiba2026 geometry and health on 6_6_2: the published data's facts", "microns"),
  fn() {
    const c = loadMicronsField(`${MICRONS}6_6_2`);
    // The authors' D* keeps none of the real geometry (|r| < 0.05 over 48,516 pairs).
    const r = distanceCorrelation(dStarOf(c, "authors", true), dStarOf(c, "real", true), c.n);
    assert.ok(Math.abs(r) < 0.05, `r ${r}`);
    // 166 of 312 neurons send no synapse (SCIENCE.md §4): their columns carry C_emp.
    const e = epsilonDominance(c.adjacency, c.n);
    assert.equal(e.zeroRows, 166);
    assert.ok(e.massShare > 0.99, String(e.massShare));
  },
});

Deno.test("shakiba2026 health: a zero row scales its column by 1e5 and is counted", () => {
  // Synapses 0 → 1, 0 → 2 and 1 → 0: neuron 2 receives one but sends none.
  const a = new Float64Array([0, 1, 1, 1, 0, 0, 0, 0, 0]);
  const e = epsilonDominance(a, 3);
  assert.equal(e.zeroRows, 1);
  assert.equal(e.zeroRowsWithInputs, 1);
  // Column 2 is scaled by 1e5: its entries dwarf the rest.
  assert.ok(e.max > 1e4 && e.massShare > 0.99, JSON.stringify(e));
  assert.deepEqual(
    numericalFailures([
      { variant: "W", task: "maze", seed: 2, nonFiniteSteps: 0, finiteWeights: true, steps: 400 },
      { variant: "WDC", task: "maze", seed: 1, nonFiniteSteps: 4, finiteWeights: false, steps: 4 },
    ]),
    ["WDC/maze/s1: 4 of 4 steps non-finite, weights non-finite"],
  );
});

Deno.test("shakiba2026 prior: precision swaps Corr, sttc makes it constant; missing data is an InputError", () => {
  const c = syntheticConnectome({ n: 10, seed: 2 });
  assert.equal(withPrior(c, "corr"), c);
  assert.equal(withPrior(c, "precision").corr, c.precision);
  assert.ok(withPrior(c, "sttc").corr!.every((v) => v === 1));
  assert.throws(() => withPrior({ ...c, precision: undefined }, "precision"), InputError);
});

Deno.test("shakiba2026 health: WDC without epsilon goes non-finite on a zero row; with it, it does not", async () => {
  await useBackend("cpu");
  const n = 8;
  const init = new Float64Array(n * n);
  for (let i = 1; i < n; i++) for (let j = 0; j < n; j++) init[i * n + j] = i === j ? 0 : 0.1;
  // Row 0 is all zero: rowsum ** -0.5 is infinite without the epsilon.
  const distance = new Float64Array(n * n).map((_, k) => (Math.floor(k / n) === k % n ? 0 : 1));
  const run = async (wdcEpsilon: number) => {
    const model = new BioRnn({ n, inputs: 3, outputs: 2, recurrentInit: init, seed: 1 });
    const reg = makeRegulariser({ kind: "wdc", n, distance, wdcEpsilon });
    try {
      return await trainBioRnn(model, reg, {
        task: TASKS.gonogo,
        dataSeed: 1,
        noiseSeed: 2,
        trainTrials: 32,
        testTrials: 32,
        batch: 16,
        epochs: 1,
      });
    } finally {
      model.dispose();
      reg.dispose();
    }
  };
  const authors = await run(0);
  assert.equal(authors.nonFiniteSteps, 2);
  const ours = await run(1e-10);
  assert.equal(ours.nonFiniteSteps, 0);
  assert.equal(ours.epochAccuracy.length, 1);
  assert.ok(ours.epochAccuracy[0] >= 0 && ours.epochAccuracy[0] <= 1);
});

Deno.test({
  ...requires("shakiba2026 data: presets above tiny use 6_6_2; field 4_7_8 validates", "microns"),
  fn() {
    // Tests run from the repository root, where ../shared/data is the presets' data.
    for (const p of ["quick", "standard", "full"] as const) {
      assert.equal(shakiba2026Presets[p].field, DEFAULT_FIELD);
    }
    assert.equal(shakiba2026Presets.tiny.field, null);
    // The second real field: 193 neurons, every prior available, and its own distances.
    const field = `${MICRONS}4_7_8`;
    for (const prior of ["corr", "precision", "sttc"] as const) {
      validateShakiba2026({ ...shakiba2026Presets.tiny, field, prior });
    }
    const c = loadMicronsField(field);
    assert.equal(c.n, 193);
    const r = distanceCorrelation(dStarOf(c, "authors", true), dStarOf(c, "real", true), c.n);
    assert.ok(Math.abs(r) < 0.1, `r ${r}`);
    // "" is the synthetic stand-in, so tables can replace the default field.
    const tables = { synapses: "s.csv", cells: "c.csv" };
    assert.throws(
      () => validateShakiba2026({ ...shakiba2026Presets.quick, ...tables }),
      InputError,
    );
    validateShakiba2026({ ...shakiba2026Presets.quick, ...tables, field: "" });
  },
});
