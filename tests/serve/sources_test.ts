/**
 * Where the server finds its models: checkpoints at any depth below --models, named from their
 * paths; config entries resolved against the config file; the launcher's refusal of a folder
 * without checkpoints and its permissions for paths relative to a config.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { useBackend } from "../../src/backend/select.ts";
import { saveCheckpoint } from "../../src/io/checkpoint.ts";
import { checkpointName, configSources, findCheckpoints } from "../../src/serve/sources/mod.ts";
import { setQuiet } from "../../src/util/log.ts";
import { tinyModel } from "./_fixtures.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

async function fakeCheckpoint(dir: string): Promise<void> {
  await Deno.mkdir(dir, { recursive: true });
  await Deno.writeTextFile(join(dir, "manifest.json"), "{}");
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** `deno task serve …` in the checkout, as a user starts it. */
function serveTask(args: string[]): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["task", "serve", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

Deno.test("checkpointName: path segments joined by '-', a leading train/ dropped, odd characters replaced", () => {
  assert.equal(
    checkpointName("train/seed1-fold1/directional/best"),
    "seed1-fold1-directional-best",
  );
  assert.equal(
    checkpointName("pretrain/directional-seed1/run/best"),
    "pretrain-directional-seed1-run-best",
  );
  assert.equal(checkpointName("fp"), "fp");
  assert.equal(checkpointName("train"), "train");
  assert.equal(checkpointName("a b/c+d/"), "a_b-c_d");
});

Deno.test("findCheckpoints: every depth, sorted, hidden folders skipped, not below a checkpoint", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-find-" });
  try {
    assert.deepEqual(await findCheckpoints(dir), []);
    await fakeCheckpoint(join(dir, "train/seed1-fold1/directional/best"));
    await fakeCheckpoint(join(dir, "train/seed1-fold1/directional/last"));
    await fakeCheckpoint(join(dir, "pretrain/directional-seed1/final"));
    await fakeCheckpoint(join(dir, "pretrain/directional-seed1/final/nested")); // inside one
    await fakeCheckpoint(join(dir, ".tmp-123/x"));
    await fakeCheckpoint(join(dir, "top"));
    await Deno.mkdir(join(dir, "empty/deeper"), { recursive: true });
    const found = await findCheckpoints(`${dir}/`);
    assert.deepEqual(found.map((m) => m.name), [
      "pretrain-directional-seed1-final",
      "top",
      "seed1-fold1-directional-best",
      "seed1-fold1-directional-last",
    ]);
    assert.equal(found[0].source, join(dir, "pretrain/directional-seed1/final"));
    // The folder itself a checkpoint: that one, named later by its manifest.
    assert.deepEqual(await findCheckpoints(join(dir, "top")), [{ source: join(dir, "top") }]);
    await assert.rejects(findCheckpoints(join(dir, "missing")), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("configSources: paths resolve against the config file's folder, URLs stay", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-config-" });
  try {
    await Deno.writeTextFile(
      join(dir, "models.json"),
      JSON.stringify({
        models: [
          { name: "a", path: "ckpt/a" },
          { path: "/abs/b" },
          { name: "c", url: "https://models.example/c/" },
        ],
      }),
    );
    assert.deepEqual(await configSources(join(dir, "models.json")), [
      { name: "a", source: join(dir, "ckpt/a") },
      { name: undefined, source: "/abs/b" },
      { name: "c", source: "https://models.example/c/" },
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve --models on a folder without checkpoints: one error line naming it, exit 2", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-empty-" });
  try {
    await Deno.mkdir(join(dir, "train", "nothing"), { recursive: true });
    const child = serveTask(["--models", dir, "--port", String(freePort())]);
    const [status, stderr] = await Promise.all([child.status, new Response(child.stderr).text()]);
    assert.equal(status.code, 2, stderr);
    assert.equal(
      stderr.trim().split("\n").at(-1),
      `error: --models ${dir}: no checkpoint (a folder with manifest.json) at any depth below it`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("serve --config: a path relative to the config file is readable by the server", async () => {
  setQuiet(true);
  await useBackend("cpu");
  const dir = await Deno.makeTempDir({ prefix: "serve-relative-" });
  const model = tinyModel(5);
  await saveCheckpoint(join(dir, "checkpoints", "tiny"), model, {
    name: "tiny",
    description: "t",
    config: {},
    seed: 5,
  });
  model.dispose();
  await Deno.writeTextFile(
    join(dir, "models.json"),
    JSON.stringify({ models: [{ name: "relative", path: "checkpoints/tiny" }] }),
  );
  const port = freePort();
  const child = serveTask(["--config", join(dir, "models.json"), "--port", String(port)]);
  const stderr = new Response(child.stderr).text();
  try {
    let health: { models: string[]; refused: unknown[] } | null = null;
    for (let i = 0; i < 600 && !health; i++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/ready`);
        await res.body?.cancel();
        if (res.ok) health = await (await fetch(`http://127.0.0.1:${port}/health`)).json();
      } catch { /* not listening yet */ }
      if (!health) await new Promise((r) => setTimeout(r, 100));
    }
    assert.ok(health, "the server never became ready");
    assert.deepEqual(health.models, ["relative"], JSON.stringify(health));
    assert.deepEqual(health.refused, []);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await stderr;
    await Deno.remove(dir, { recursive: true });
  }
});
