import assert from "node:assert/strict";
import { useBackend } from "../../../src/backend/select.ts";
import { experiment, type LigeraldeUnitResult } from "../../../src/studies/ligeralde2023/mod.ts";
import { InputError } from "../../../src/util/errors.ts";
import { requires } from "../../_tools.ts";

Deno.test({
  ...requires(
    "ligeralde2023: the tiny units run in process and report every condition",
    "fashion-mnist",
  ),
  async fn() {
    await useBackend("wasm");
    const config = experiment.presets.tiny;
    const results = new Map<string, LigeraldeUnitResult>();
    for (const unit of experiment.units(config)) {
      const log = () => {};
      results.set(
        unit.key,
        await experiment.runUnit(config, unit.params, { runDir: "", key: unit.key, log }),
      );
    }
    const waves = results.get("waves-seed1")!;
    assert.deepEqual([waves.condition, waves.seed, waves.losses.length], ["waves", 1, 1]);
    assert.equal(waves.validationLosses.length, 1);
    assert.equal(results.get("random-seed1")!.validationLosses.length, 1);
    // Every condition of a seed is measured on the same manifolds (same n).
    const n = (key: string) => results.get(key)!.capacity.features.waves?.manifolds;
    assert.ok((n("waves-seed1") ?? 0) >= 2);
    assert.equal(n("random-seed1"), n("waves-seed1"));
    assert.equal(n("temporal-seed1"), n("waves-seed1"));
    assert.ok(Number.isFinite(waves.layerTranslation.stage1));
    assert.ok(waves.waves >= 2 && waves.frames > 0);
    assert.equal(results.get("random-seed1")!.losses.length, 0);
    assert.ok(results.get("random-seed1")!.capacity.pixels, "pixel capacity in random-init units");
    assert.equal(waves.capacity.pixels, undefined);
    const report = await experiment.report(config, results, {
      runDir: "",
      missing: [],
      log: () => {},
    });
    assert.deepEqual(Object.keys(report.metrics), ["random", "waves", "temporal"]);
    for (const c of Object.values(report.metrics)) {
      for (
        const m of ["classification", "translation", "capacity", "capacityEmbedding", "dimension"]
      ) {
        assert.ok(Number.isFinite(c[m].mean), `${m} missing`);
        assert.equal(c[m].n, 2);
      }
      assert.ok(c.classification.mean > 0.1, "probe should beat 10 % chance on Fashion-MNIST");
    }
    assert.ok(report.tests.length > 0);
  },
});

Deno.test("ligeralde2023: a unit given a folder without Fashion-MNIST stops with one line", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const ctx = {
      runDir: dir,
      key: "random-seed1",
      log: () => {},
      flags: { "fashion-mnist": dir },
    };
    await assert.rejects(
      () => experiment.runUnit(experiment.presets.tiny, { condition: "random", seed: 1 }, ctx),
      (error: Error) => {
        assert.ok(error instanceof InputError);
        assert.match(error.message, new RegExp(`not found in ${dir}.*apt-get install`));
        return true;
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
