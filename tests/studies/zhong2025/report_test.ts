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
    for (const arm of ["frozen", "plastic"] as const) {
      const run = r.arms[arm]!;
      assert.equal(run.correct.length, config.taskTrials, `${unit.key} ${arm}`);
      // 40 trials in sessions of 20: two sessions, each scored on its (20) trials.
      assert.equal(run.sessions.length, 2);
    }
    // The task group learns with a plastic encoder in both arms: one run, reported twice.
    if (unit.params.group === "task") assert.equal(r.arms.frozen, r.arms.plastic);
    assert.equal(r.neural.layers.length, config.hidden.length);
    assert.equal(r.exposureLoss === null, unit.params.group !== "unsupervised", unit.key);
    results.set(unit.key, r);
  }
  const missing = ["naive-seed3"];
  const report = await experiment.report(config, results, { runDir: ".", missing, log: () => {} });
  assert.deepEqual(Object.keys(report.metrics), ["task", "unsupervised", "naive"]);
  for (const m of Object.values(report.metrics)) {
    for (
      const k of [
        "frozen.lickDifference.session1",
        "plastic.lickDifference.session2",
        "frozen.first200Correct",
        "selectiveFraction",
        "perLapSelectiveFraction",
        "layer1.weightChange",
      ]
    ) {
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
    "criterion_survival_frozen.svg",
    "criterion_survival_plastic.svg",
    "learning_curves_frozen.svg",
    "learning_curves_plastic.svg",
    "selectivity_sweep.svg",
  ]);
  // Behaviour per arm (Mann–Whitney on the lick difference, log-rank on censored
  // trials-to-criterion, left out when no run reached criterion in 40 trials) and
  // selectivity, in the one Holm family.
  for (const t of report.tests) {
    assert.ok(["Mann–Whitney U", "log-rank (censored)"].includes(t.method), t.method);
  }
  for (const m of ["frozen.lickDifference.session1", "plastic.lickDifference.session1"]) {
    assert.ok(report.tests.some((t) => t.metric === m && t.b === "naive"), m);
  }
  const survival = report.extra?.survival as Record<string, Record<string, { n: number }>>;
  assert.equal(survival.frozen.naive.n, 2);
  assert.match(report.markdown, /naive-seed3/);
  assert.match(report.markdown, /\| unsupervised \| 2 \|/);
});
