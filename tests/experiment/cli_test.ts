import assert from "node:assert/strict";
import { join } from "node:path";
import { runCliProcess } from "../_cli.ts";
import { report, sweep, TOY, train, tree } from "./_run.ts";

/** The parts of a run folder that must not depend on the runner (timings and nonces aside). */
async function contents(dir: string): Promise<Record<string, unknown>> {
  const files = (await tree(dir)).filter((f) => !f.startsWith("toy/started/"));
  const units: Record<string, unknown> = {};
  for (const file of files.filter((f) => f.startsWith("units/"))) {
    const { nonce: _, ...result } = JSON.parse(await Deno.readTextFile(join(dir, file)));
    units[file] = result;
  }
  const config = JSON.parse(await Deno.readTextFile(join(dir, "config.json")));
  const figures: Record<string, string> = {};
  for (const file of files.filter((f) => f.startsWith("figures/"))) {
    figures[file] = await Deno.readTextFile(join(dir, file));
  }
  return { files, config, units, figures, ...(await report(dir)) };
}

Deno.test("`train X` and `sweep X --runner local` write the same run folder", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "train-sweep-" });
  try {
    const args = ["--tiny", "--seeds", "2", "--work-ms", "0", "--workers", "2"];
    const a = await train([...args, "--out", join(tmp, "train")]);
    assert.equal(a.code, 0, a.stderr);
    const b = await sweep([...args, "--runner", "local", "--out", join(tmp, "sweep")]);
    assert.equal(b.code, 0, b.stderr);
    const [ca, cb] = [await contents(join(tmp, "train")), await contents(join(tmp, "sweep"))];
    assert.deepEqual(ca, cb);
    for (
      const file of [
        "config.json",
        "report.md",
        "summary.json",
        "figures/means.svg",
        "units/a-seed1.json",
        "executor/costs/a-seed1.json",
      ]
    ) assert.ok((ca.files as string[]).includes(file), file);
    const summary = JSON.parse(await Deno.readTextFile(join(tmp, "train", "summary.json")));
    assert.equal(summary.experiment, "toy");
    assert.equal(summary.preset, "tiny");
    assert.equal(typeof summary.seconds, "number");
    assert.deepEqual(summary.units, { total: 4, done: 4, failed: [], missing: [] });
    assert.deepEqual(summary.files, [
      "config.json",
      "report.md",
      "figures/means.svg",
      "summary.json",
    ]);
    // The same run again in one process (--workers 1): the same results.
    const c = await train([
      "--tiny",
      "--seeds",
      "2",
      "--work-ms",
      "0",
      "--workers",
      "1",
      "--out",
      join(tmp, "one"),
    ]);
    assert.equal(c.code, 0, c.stderr);
    assert.equal(c.json?.workers, 0);
    assert.deepEqual((await contents(join(tmp, "one"))).units, ca.units);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

/** A JSON value without its timings (fields named `seconds`). */
function untimed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(untimed);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).filter(([k]) => k !== "seconds").map(([k, v]) => [k, untimed(v)]),
    );
  }
  return value;
}

Deno.test("`train may2025 --tiny` and `sweep may2025 --runner local --tiny` write the same run folder", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "train-sweep-may-" });
  try {
    const args = ["--tiny", "--seeds", "2", "--workers", "2", "--json"];
    const a = await runCliProcess(["train", "may2025", ...args, "--out", join(tmp, "train")]);
    assert.equal(a.code, 0, a.stderr);
    const b = await runCliProcess([
      "sweep",
      "may2025",
      "--runner",
      "local",
      ...args,
      "--out",
      join(tmp, "sweep"),
    ]);
    assert.equal(b.code, 0, b.stderr);
    const files = await tree(join(tmp, "train"));
    assert.deepEqual(await tree(join(tmp, "sweep")), files);
    for (const file of ["config.json", "report.md", "summary.json", "units/seed1-fold1.json"]) {
      assert.ok(files.includes(file), file);
    }
    for (const file of files) {
      if (!/^(config\.json|report\.md|summary\.json|units\/.*|figures\/.*)$/.test(file)) continue;
      const [ta, tb] = [
        await Deno.readTextFile(join(tmp, "train", file)),
        await Deno.readTextFile(join(tmp, "sweep", file)),
      ];
      if (file.endsWith(".json")) {
        const [ja, jb] = [JSON.parse(ta), JSON.parse(tb)];
        if (file === "summary.json") delete ja.costs, delete jb.costs;
        assert.deepEqual(untimed(jb), untimed(ja), file);
      } else assert.equal(tb, ta, file);
    }
    const config = JSON.parse(await Deno.readTextFile(join(tmp, "train", "config.json")));
    assert.equal(typeof config.backend, "string");
    const cost = JSON.parse(
      await Deno.readTextFile(join(tmp, "train", "executor", "costs", "seed1-fold1.json")),
    );
    assert.equal(cost.backend, config.backend);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});

Deno.test("help: `train --help` lists the studies, `train <study> --help` its flags, aligned", async () => {
  const list = await runCliProcess(["train", "--help"]);
  assert.equal(list.code, 0, list.stderr);
  assert.match(list.stdout, /^usage: prevision train <study> \[flags\]/);
  assert.match(list.stdout, /\nstudies:\n {2}may2025 \(default\) +\S/);
  for (const study of ["ligeralde2023", "yan2020", "shakiba2026", "zhong2025"]) {
    assert.match(list.stdout, new RegExp(`\\n {2}${study} +\\S`), study);
  }
  assert.match(list.stdout, /`prevision train <study> --help` lists its flags/);

  const flags = await runCliProcess(["train", TOY, "--help"]);
  assert.equal(flags.code, 0, flags.stderr);
  const lines = flags.stdout.split("\n").filter((l) => l.startsWith("  --"));
  for (
    const flag of [
      "--tiny",
      "--full",
      "--seeds <n|list>",
      "--work-ms <n>",
      "--tag <tag>",
      "--resume <dir>",
    ]
  ) assert.ok(lines.some((l) => l.startsWith(`  ${flag} `)), flag);
  assert.ok(!lines.some((l) => l.startsWith("  --runner")), "train has no --runner");
  const column = new Set(
    lines.map((l) => l.length - l.replace(/^ {2}--\S+( <\S+>)? +/, "").length),
  );
  assert.equal(column.size, 1, flags.stdout);
  for (const line of lines) assert.match(line, /^ {2}--\S+( <\S+>)? {2,}\S/, line);

  const sweepFlags = await runCliProcess(["sweep", TOY, "--help"]);
  assert.match(sweepFlags.stdout, /\n {2}--runner <runner> +local \| slurm \| k8s/);
});
