/**
 * The server as users start it: `deno serve --parallel server.ts` (one app and model
 * registry per worker, configured by environment) and main.ts's graceful shutdown.
 */
import assert from "node:assert/strict";
import { useBackend } from "../../src/backend/select.ts";
import { saveCheckpoint } from "../../src/io/checkpoint.ts";
import { setQuiet } from "../../src/util/log.ts";
import { tinyModel } from "./_fixtures.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

async function waitFor(url: string, child: Deno.ChildProcess): Promise<void> {
  let exited = false;
  child.status.then(() => exited = true);
  for (let i = 0; i < 600 && !exited; i++) {
    try {
      const res = await fetch(url);
      await res.body?.cancel();
      if (res.ok) return;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never answered`);
}

async function checkpointDir(): Promise<string> {
  setQuiet(true);
  await useBackend("cpu");
  const dir = await Deno.makeTempDir({ prefix: "serve-proc-" });
  const model = tinyModel(3);
  await saveCheckpoint(`${dir}/tiny`, model, {
    name: "tiny",
    description: "t",
    config: {},
    seed: 3,
  });
  model.dispose();
  return dir;
}

/** `deno serve --parallel server.ts` on a loopback port, with two workers' environment. */
function serveParallel(
  port: number,
  env: Record<string, string>,
  stderr: "piped" | "null",
): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: [
      "serve",
      "--parallel",
      "--host",
      "127.0.0.1",
      "--port",
      String(port),
      "--allow-read",
      "--allow-env",
      "server.ts",
    ],
    cwd: ROOT,
    env,
    stdout: "null",
    stderr,
  }).spawn();
}

const BODY = JSON.stringify({ inputs: [[1, 2, 3], [4, 5, 6]] });

Deno.test("deno serve --parallel server.ts: every worker has its own registry with the models", async () => {
  const dir = await checkpointDir();
  const port = freePort();
  const child = serveParallel(port, {
    DENO_JOBS: "2",
    PREVISION_MODELS: dir,
    PREVISION_BACKEND: "cpu",
  }, "piped");
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/ready`, child);
    const instances = new Set<string>();
    for (let i = 0; i < 40; i++) {
      // A fresh connection each time, so requests spread over the workers.
      const client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
      const ready = await fetch(`${base}/ready`, { client });
      await ready.body?.cancel();
      const health = await (await fetch(`${base}/health`, { client })).json();
      const predict = await fetch(`${base}/v1/models/tiny/predict`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: BODY,
        client,
      });
      assert.equal(predict.status, 200);
      await predict.body?.cancel();
      client.close();
      // /ready may have been answered by another worker: this one may still be loading.
      if (health.models.length === 0) continue;
      assert.deepEqual(health.models, ["tiny"]);
      instances.add(health.instance);
    }
    assert.ok(instances.size >= 2, `models answered by ${instances.size} worker(s) only`);
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await child.stderr.cancel();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno serve --parallel server.ts exits on SIGINT after /v1/waves started its worker", async () => {
  const port = freePort();
  const child = serveParallel(port, { DENO_JOBS: "2", PREVISION_BACKEND: "cpu" }, "null");
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/ready`, child);
    for (let i = 0; i < 4; i++) {
      const client = Deno.createHttpClient({ poolMaxIdlePerHost: 0 });
      const waves = await fetch(`${base}/v1/waves`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model: "teh", size: 16, frames: 4, format: "npy" }),
        client,
      });
      assert.equal(waves.status, 200);
      await waves.body?.cancel();
      client.close();
    }
    child.kill("SIGINT");
    const exited = await Promise.race([
      child.status.then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 8000)),
    ]);
    assert.ok(exited, "still running 8 s after SIGINT");
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
    await child.status;
  }
});

Deno.test("graceful shutdown: SIGTERM lets queued predictions finish, then exits 0", async () => {
  const dir = await checkpointDir();
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      `--allow-net=127.0.0.1:${port}`,
      "src/serve/main.ts",
      "--port",
      String(port),
      "--models",
      dir,
      "--backend",
      "cpu",
      "--max-batch",
      "64",
      "--batch-wait",
      "700",
    ],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/ready`, child);
    const pending = Array.from({ length: 5 }, () =>
      fetch(`${base}/v1/models/tiny/predict`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: BODY,
      }));
    await new Promise((r) => setTimeout(r, 250)); // requests are waiting for their batch
    child.kill("SIGTERM");
    const responses = await Promise.all(pending);
    for (const r of responses) {
      assert.equal(r.status, 200);
      assert.deepEqual((await r.json()).shape, [4]);
    }
    const status = await child.status;
    assert.equal(status.code, 0);
    const log = new TextDecoder().decode(await new Response(child.stderr).arrayBuffer());
    assert.match(log, /finishing in-flight requests/);
    assert.match(log, /stopped/);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("deno task serve (launch.ts): minimal permissions suffice for predict and waves", async () => {
  const dir = await checkpointDir();
  const port = freePort();
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-env",
      `--allow-run=${Deno.execPath()}`, // as the serve task grants it
      "src/serve/launch.ts",
      "--port",
      String(port),
      "--models",
      dir,
      "--header-timeout",
      "300",
    ],
    cwd: ROOT,
    stdout: "null",
    stderr: "piped",
  }).spawn();
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(`${base}/ready`, child);
    // A slow client (slowloris) is cut off with 408 after the header timeout, before auth.
    const slow = await Deno.connect({ hostname: "127.0.0.1", port });
    await slow.write(new TextEncoder().encode("GET /health HTTP/1.1\r\nHost: x\r\n"));
    const t0 = performance.now();
    const answer = new TextDecoder().decode(await new Response(slow.readable).arrayBuffer());
    assert.match(answer, /^HTTP\/1\.1 408 /);
    assert.ok(performance.now() - t0 < 2000);
    const predict = await fetch(`${base}/v1/models/tiny/predict`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: BODY,
    });
    assert.equal(predict.status, 200);
    await predict.body?.cancel();
    for (const model of ["teh", "godfrey", "lansdell"]) {
      const waves = await fetch(`${base}/v1/waves`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ model, size: 16, frames: 4, format: "npy" }),
      });
      assert.equal(waves.status, 200, `${model}: ${await waves.clone().text()}`);
      await waves.body?.cancel();
    }
    child.kill("SIGTERM");
    assert.equal((await child.status).code, 0);
    const log = new TextDecoder().decode(await new Response(child.stderr).arrayBuffer());
    assert.doesNotMatch(log, /Requires .* access/);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
    await Deno.remove(dir, { recursive: true });
  }
});
