import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";
import { readNpy } from "../../src/io/npy.ts";

Deno.test("simulate dataset: train/val/test NPYs split by wave, reproducible, bad input exit 2", async () => {
  const dir = await Deno.makeTempDir();
  const args = (out: string) => [
    "simulate",
    "dataset",
    "--model",
    "teh",
    "--size",
    "24",
    "--frames",
    "900",
    "--clip",
    "5",
    "--stride",
    "3",
    "--fractions",
    "0.6,0.2,0.2",
    "--seed",
    "4",
    "--out-dir",
    out,
    "--json",
  ];
  const a = await runCliProcess(args(`${dir}/a`));
  assert.equal(a.code, 0, a.stderr);
  const j = a.json!;
  assert.equal(j.frames, 900);
  assert.ok((j.seconds as number) > 0 && (j.framesPerSecond as number) > 0);
  assert.ok((j.waves as number) >= 5, `only ${j.waves} waves`);
  const clips = j.clips as Record<string, number>;
  let total = 0;
  for (const split of ["train", "val", "test"]) {
    const arr = readNpy(`${dir}/a/${split}.npy`);
    assert.equal(arr.dtype, "float32");
    assert.deepEqual(arr.shape, [clips[split], 5, 24, 24]);
    total += clips[split];
  }
  assert.ok(clips.train > clips.val && clips.val > 0 && clips.test > 0, JSON.stringify(clips));
  // clips never straddle a split change, so at most one clip per stride start
  assert.ok(total <= Math.floor((900 - 5) / 3) + 1 && total > 0);
  const manifest = JSON.parse(await Deno.readTextFile(`${dir}/a/manifest.json`));
  assert.equal(manifest.clipFrames, 5);
  assert.deepEqual(manifest.fractions, [0.6, 0.2, 0.2]);
  const b = await runCliProcess(args(`${dir}/b`));
  assert.equal(b.code, 0, b.stderr);
  for (const split of ["train", "val", "test"]) {
    assert.deepEqual(
      await Deno.readFile(`${dir}/b/${split}.npy`),
      await Deno.readFile(`${dir}/a/${split}.npy`),
    );
  }
  const bad = await runCliProcess([...args(`${dir}/c`), "--fractions", "1,2"]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split("\n").length, 1, bad.stderr);
  const badModel = await runCliProcess([
    "simulate",
    "dataset",
    "--model",
    "nope",
    "--out-dir",
    `${dir}/d`,
  ]);
  assert.equal(badModel.code, 2);
  for (const c of ["c", "d"]) {
    assert.ok(!(await Deno.stat(`${dir}/${c}`).then(() => true, () => false)), `${c} left behind`);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("simulate white-noise: --json has frames, seconds, framesPerSecond", async () => {
  const dir = await Deno.makeTempDir();
  const r = await runCliProcess([
    "simulate",
    "white-noise",
    "--frames",
    "120",
    "--size",
    "6",
    "--out",
    `${dir}/wn.npy`,
    "--json",
  ]);
  assert.equal(r.code, 0, r.stderr);
  const j = r.json!;
  assert.equal(j.frames, 120);
  assert.deepEqual(j.shape, [120, 6, 6]);
  assert.ok((j.seconds as number) > 0);
  assert.ok(Math.abs((j.framesPerSecond as number) - 120 / (j.seconds as number)) < 1e-6);
  assert.deepEqual(readNpy(`${dir}/wn.npy`).shape, [120, 6, 6]);
  await Deno.remove(dir, { recursive: true });
});
