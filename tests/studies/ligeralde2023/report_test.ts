import assert from "node:assert/strict";
import { experiment, type LigeraldeUnitResult } from "../../../src/studies/ligeralde2023/mod.ts";

const entry = (simulated: number) => ({
  simulated,
  meanField: simulated * 2,
  radius: 1,
  dimension: 2,
  centreCorrelation: 0.3,
  saturated: false,
  participationRatio: 5,
  manifolds: 6,
});

/** A synthetic unit whose numbers grow with the condition's offset and the seed. */
function fake(condition: "random" | "waves" | "temporal", seed: number): LigeraldeUnitResult {
  const offset = { random: 0, waves: 0.1, temporal: 0.02 }[condition] + 0.01 * seed * seed;
  const layer = {
    translation: entry(0.2 + offset),
    class: entry(0.3 + offset),
    waves: entry(0.4 + offset),
  };
  return {
    condition,
    seed,
    losses: condition === "random" ? [] : [3, 2.5],
    validationLosses: condition === "random" ? [4] : [3.5, 3 - offset],
    waves: condition === "random" ? 0 : 6,
    frames: condition === "random" ? 0 : 150,
    seconds: 1,
    backend: "cpu",
    classification: 0.5 + offset,
    translation: 0.2 + offset,
    translationTrain: 1,
    layerTranslation: { stage1: 0.1 + offset },
    capacity: {
      ...(condition === "random" ? { pixels: layer } : {}),
      stem: layer,
      stage2: layer,
      features: layer,
      embedding: layer,
    },
  };
}

Deno.test("ligeralde2023 report: metrics per condition, Holm families and SVG figures", async () => {
  const config = experiment.presets.tiny;
  const results = new Map<string, LigeraldeUnitResult>();
  for (const condition of ["random", "waves", "temporal"] as const) {
    for (const seed of [1, 2, 3]) results.set(`${condition}-seed${seed}`, fake(condition, seed));
  }
  const report = await experiment.report({ ...config, seeds: [1, 2, 3] }, results, {
    runDir: "/nonexistent",
    missing: [],
    log: () => {},
  });
  assert.deepEqual(Object.keys(report.metrics), ["random", "waves", "temporal"]);
  const waves = report.metrics.waves;
  assert.deepEqual(Object.keys(waves), [
    "classification",
    "translation",
    "capacity",
    "capacityEmbedding",
    "capacityClass",
    "waveCapacity",
    "dimension",
    "validationLoss",
  ]);
  assert.equal(waves.classification.n, 3);
  assert.ok(Math.abs(waves.classification.mean - (0.6 + 0.14 / 3)) < 1e-12);
  assert.ok(Math.abs(waves.waveCapacity.mean - (0.5 + 0.14 / 3)) < 1e-12);
  assert.equal(waves.dimension.mean, 5);
  // 3 pairs (waves–random, temporal–random, waves–temporal) × 8 metrics
  assert.equal(report.tests.length, 24);
  for (const t of report.tests) {
    assert.equal(t.method, "paired t");
    assert.equal(t.correction, "holm");
    assert.equal(t.n, 3);
    assert.ok(t.pAdjusted >= t.p || !Number.isFinite(t.p));
  }
  const pairs = report.tests.filter((t) => t.metric === "translation").map((t) => `${t.a}-${t.b}`);
  assert.deepEqual(pairs, ["waves-random", "temporal-random", "waves-temporal"]);
  assert.deepEqual(Object.keys(report.figures ?? {}).sort(), [
    "accuracy.svg",
    "capacity_class.svg",
    "capacity_translation.svg",
  ]);
  for (const svg of Object.values(report.figures ?? {})) {
    assert.match(svg as string, /^<svg /);
  }
  assert.match(report.markdown, /Paired t-tests/);
  assert.match(report.markdown, /α waves \(features\)/);
  assert.match(report.markdown, /translation % \(stage1\)/);
  assert.match(report.markdown, /!\[accuracy.svg\]\(figures\/accuracy.svg\)/);
  // pixel capacity comes from the random-init units for every condition
  const byLayer = report.extra!.capacityByLayer as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(byLayer.waves), [
    "pixels",
    "stem",
    "stage2",
    "features",
    "embedding",
  ]);
});

Deno.test("ligeralde2023 report: no units yet is a report without tests or figures", async () => {
  const report = await experiment.report(experiment.presets.tiny, new Map(), {
    runDir: "/nonexistent",
    missing: ["random-seed1"],
    log: () => {},
  });
  assert.deepEqual([report.metrics, report.tests, report.figures], [{}, [], {}]);
  assert.match(report.markdown, /Missing units: random-seed1/);
});
