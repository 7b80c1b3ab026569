import assert from "node:assert/strict";
import { runCliProcess } from "../_cli.ts";
import { readNpy } from "../../src/io/npy.ts";
import { simulateTeh } from "../../src/stimuli/waves/teh.ts";

Deno.test("simulate waves: --json summary, --stats, byte-identical NPY across runs and engines", async () => {
  const dir = await Deno.makeTempDir();
  const base = [
    "simulate",
    "waves",
    "--model",
    "teh",
    "--size",
    "32",
    "--frames",
    "300",
    "--seed",
    "5",
    "--json",
  ];
  const a = await runCliProcess([...base, "--out", `${dir}/a.npy`, "--stats"]);
  assert.equal(a.code, 0, a.stderr);
  const j = a.json!;
  assert.equal(j.frames, 300);
  assert.deepEqual(j.shape, [300, 32, 32]);
  assert.ok((j.seconds as number) > 0 && (j.framesPerSecond as number) > 0);
  assert.equal(j.out, `${dir}/a.npy`);
  const stats = j.stats as Record<string, unknown>;
  assert.ok((stats.wavesPerMinute as number) > 0);
  assert.equal((stats.directionHistogram as number[]).length, 8);
  const b = await runCliProcess([...base, "--out", `${dir}/b.npy`, "--engine", "ts"]);
  assert.equal(b.code, 0, b.stderr);
  assert.deepEqual(Deno.readFileSync(`${dir}/a.npy`), Deno.readFileSync(`${dir}/b.npy`));
  const movie = simulateTeh({ size: 32, frames: 300, seed: 5 });
  assert.deepEqual(readNpy(`${dir}/a.npy`).data, movie.data);
  const g = await runCliProcess([
    "simulate",
    "waves",
    "--model",
    "lansdell",
    "--size",
    "16",
    "--frames",
    "20",
    "--warmup",
    "1",
    "--out",
    `${dir}/l.gif`,
    "--json",
  ]);
  assert.equal(g.code, 0, g.stderr);
  assert.equal(
    new TextDecoder().decode(Deno.readFileSync(`${dir}/l.gif`).subarray(0, 6)),
    "GIF89a",
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("simulate waves: a 10-minute recording streams with flat memory", async () => {
  const dir = await Deno.makeTempDir();
  const rss = async (frames: number) => {
    const r = await runCliProcess([
      "simulate",
      "waves",
      "--frames",
      String(frames),
      "--out",
      `${dir}/w.npy`,
      "--json",
    ]);
    assert.equal(r.code, 0, r.stderr);
    return r.json!.peakRssMB as number;
  };
  const tenMinutes = await rss(1200); // 1200 × 0.5 s
  const hundredMinutes = await rss(12000); // holding it would take 47 MB more
  assert.ok(
    hundredMinutes - tenMinutes < 20,
    `peak RSS grew from ${tenMinutes} to ${hundredMinutes} MB`,
  );
  assert.deepEqual(readNpy(`${dir}/w.npy`).shape, [12000, 64, 64]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("simulate: bad input → one line, exit 2, no output file", async () => {
  const dir = await Deno.makeTempDir();
  const cases = [
    ["simulate", "waves", "--model", "nope", "--out", `${dir}/x.npy`],
    ["simulate", "waves", "--size=-3", "--out", `${dir}/x.npy`],
    ["simulate", "waves", "--frames", "0", "--out", `${dir}/x.npy`],
    ["simulate", "waves", "--param", "sigma=-1", "--out", `${dir}/x.npy`],
    ["simulate", "waves", "--param", "bogus=1", "--out", `${dir}/x.npy`],
    ["simulate", "waves", "--out", `${dir}/x.avi`],
    ["simulate", "corridor", "--width=-1", "--out", `${dir}/x.npy`],
    ["simulate", "vr-corridor", "--corridor", "cat", "--out", `${dir}/x.npy`],
    ["simulate", "natural", "--input", `${dir}/missing.mp4`, "--out", `${dir}/x.npy`],
  ];
  await Deno.writeFile(
    `${dir}/bad.npy`,
    new Uint8Array([0x93, 78, 85, 77, 80, 89, 1, 0, 200, 0, 1]),
  );
  await Deno.writeFile(`${dir}/bad.tif`, new Uint8Array([0x49, 0x49, 42, 0, 8, 0, 0, 0, 1]));
  cases.push(["simulate", "natural", "--input", `${dir}/bad.npy`, "--out", `${dir}/x.npy`]);
  cases.push(["simulate", "natural", "--input", `${dir}/bad.tif`, "--out", `${dir}/x.npy`]);
  for (const args of cases) {
    const r = await runCliProcess(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, /^error: /);
  }
  const left = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  assert.deepEqual(left, ["bad.npy", "bad.tif"]);
  const noFfmpeg = await runCliProcess([
    "simulate",
    "natural",
    "--input",
    `${dir}/bad.npy`,
    "--kind",
    "video",
    "--out",
    `${dir}/y.npy`,
  ], {
    env: { PATH: "/nonexistent" },
  });
  assert.equal(noFfmpeg.code, 2);
  assert.match(noFfmpeg.stderr, /apt-get install ffmpeg/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("simulate corridor / vr-corridor: summaries and files", async () => {
  const dir = await Deno.makeTempDir();
  const c = await runCliProcess([
    "simulate",
    "corridor",
    "--frames",
    "12",
    "--out",
    `${dir}/c.npy`,
    "--json",
  ]);
  assert.equal(c.code, 0, c.stderr);
  assert.deepEqual(c.json!.shape, [12, 64, 64]);
  assert.equal(readNpy(`${dir}/c.npy`).dtype, "float32");
  const v = await runCliProcess([
    "simulate",
    "vr-corridor",
    "--frames",
    "150",
    "--out",
    `${dir}/v.npy`,
    "--json",
  ]);
  assert.equal(v.code, 0, v.stderr);
  assert.equal(readNpy(`${dir}/v.bins.npy`).shape[0], 150);
  await Deno.remove(dir, { recursive: true });
});
