import assert from "node:assert/strict";
import { useBackend } from "../../../src/backend/select.ts";
import { configure } from "../../../src/studies/_kit/mod.ts";
import { experiment, type Zhong2025Result } from "../../../src/studies/zhong2025/mod.ts";

Deno.test("zhong2025 tiny units and report: metrics per group, Holm-corrected tests, figures", async () => {
  await useBackend("wasm");
  const config = configure(experiment, { tiny: true, groups: "task,unsupervised,naive" });
  const results = new Map<string, Zhong2025Result>();
  for (const unit of experiment.units(config)) {
    const r = await experiment.runUnit(config, unit.params, {
      runDir: ".",
      key: unit.key,
      log: () => {},
    });
    assert.equal(r.correct.length, config.taskTrials);
    assert.equal(r.neural.layers.length, config.hidden.length);
    assert.equal(r.exposureLoss === null, unit.params.group !== "unsupervised", unit.key);
    results.set(unit.key, r);
  }
  const missing = ["naive-seed3"];
  const report = await experiment.report(config, results, { runDir: ".", missing, log: () => {} });
  assert.deepEqual(Object.keys(report.metrics), ["task", "unsupervised", "naive"]);
  for (const m of Object.values(report.metrics)) {
    for (const k of ["trialsToCriterion", "first200Correct", "layer1.weightChange"]) {
      assert.equal(m[k].n, 2, k);
    }
  }
  assert.equal(report.metrics.naive["layer1.weightChange"].mean, 0, "a naive encoder never moves");
  assert.ok(report.metrics.unsupervised["exposureLoss.last"].n === 2);
  // unsupervised vs grating has no grating results: only the pairs with both groups are tested.
  assert.ok(report.tests.length > 0);
  for (const t of report.tests) {
    assert.notEqual(t.b, "grating");
    assert.equal(t.correction, "holm");
    assert.ok(t.pAdjusted >= t.p && t.pAdjusted <= 1, `${t.metric} ${t.a} ${t.b} ${t.method}`);
  }
  assert.deepEqual(Object.keys(report.figures ?? {}).sort(), [
    "coding_direction.svg",
    "learning_curves.svg",
    "selectivity_sweep.svg",
  ]);
  assert.match(report.markdown, /naive-seed3/);
  assert.match(report.markdown, /\| unsupervised \| 2 \|/);
});
