import assert from "node:assert/strict";
import { configure } from "../../../src/studies/_kit/mod.ts";
import { experiment, type Yan2020Result } from "../../../src/studies/yan2020/mod.ts";
import { useBackend } from "../../../src/backend/select.ts";

async function tinyResults(flags: Record<string, string | boolean>) {
  await useBackend("cpu");
  const config = configure(experiment, { tiny: true, ...flags });
  const results = new Map<string, Yan2020Result>();
  for (const unit of experiment.units(config)) {
    const result = await experiment.runUnit(config, unit.params, {
      runDir: "unused",
      key: unit.key,
      log: () => {},
    });
    results.set(unit.key, JSON.parse(JSON.stringify(result)));
  }
  return { config, results };
}

Deno.test("yan2020 report: metrics per cell and model over seeds, Holm-corrected tests, figures", async () => {
  const { config, results } = await tinyResults({ seeds: "2", epochs: "1" });
  const report = await experiment.report(config, results, {
    runDir: "unused",
    missing: [],
    log: () => {},
  });
  for (const group of ["quadrants-off/cnn", "quadrants-off/ln", "bars-on/sta"]) {
    assert.equal(report.metrics[group].correlation.n, 2, group);
  }
  assert.equal(report.metrics["quadrants-off/cnn"].filterMatch.n, 2);
  assert.equal(report.metrics["quadrants-off/cnn-separable"].correlation.n, 2);
  assert.equal(report.metrics["quadrants-off/ln-spikes"].correlation.n, 2);
  assert.equal(report.metrics["transfer/bars-on"]["quadrants-off"].n, 2);
  assert.equal(report.metrics["stimulus/cnn"]["natural→white-noise"].n, 2);
  const cnnVsLn = report.tests.find((t) =>
    t.a === "quadrants-off/cnn" && t.b === "quadrants-off/ln"
  );
  assert.ok(cnnVsLn && cnnVsLn.n === 2 && cnnVsLn.correction === "holm");
  assert.ok(cnnVsLn.pAdjusted >= cnnVsLn.p);
  assert.match(report.markdown, /## Prediction of quadrants-off on held-out white noise/);
  assert.match(report.markdown, /## Transfer/);
  assert.match(report.figures!["filters.svg"] as string, /^<svg/);
  assert.match(report.figures!["transfer.svg"] as string, /^<svg/);
  const extra = report.extra as { transfer: { cells: { matrix: number[][] }; stimulus: unknown } };
  assert.equal(extra.transfer.cells.matrix.length, 2);
  assert.ok(extra.transfer.stimulus);
});

Deno.test("yan2020 report: missing units leave their rows out", async () => {
  const { config, results } = await tinyResults({ "no-natural": true, "no-separable": true });
  results.delete("cell-bars-on-seed1");
  const report = await experiment.report(config, results, {
    runDir: "unused",
    missing: ["cell-bars-on-seed1"],
    log: () => {},
  });
  assert.equal(report.metrics["bars-on/cnn"], undefined);
  assert.equal(report.metrics["stimulus/cnn"], undefined);
  assert.match(report.markdown, /Missing units: cell-bars-on-seed1/);
  const t = report.tests.find((t) => t.a === "quadrants-off/cnn");
  assert.ok(t && t.n === 1 && Number.isNaN(t.p));
  const empty = await experiment.report(config, new Map(), {
    runDir: "unused",
    missing: [],
    log: () => {},
  });
  assert.deepEqual(empty.tests, []);
  assert.deepEqual(Object.keys(empty.figures ?? {}), []);
});
