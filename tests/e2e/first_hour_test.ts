/**
 * A newcomer's first commands, run as the README gives them (`deno task …` in the checkout):
 * `train may2025 --tiny` and `simulate waves` print no line starting with `error` or `warning`
 * (nothing failed, so nothing may say so), and `serve --models` on the run folder the training
 * just wrote serves its checkpoints, named from their paths, and answers a predict.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

const ROOT = new URL("../../", import.meta.url).pathname;

async function task(args: string[]): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

/** Lines that call themselves an error or a warning, also inside Deno's boxed notices. */
function alarming(stderr: string): string[] {
  return stderr.split(/[\r\n]+/).filter((line) => /^[\s│╭╰─]*(error|warning)/i.test(line));
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("first hour: train --tiny and simulate waves print no error or warning line; serve the run and predict", async () => {
  const tmp = await Deno.makeTempDir({ prefix: "first-hour-" });
  try {
    const run = join(tmp, "run");
    const trained = await task(["train", "may2025", "--tiny", "--out", run]);
    assert.equal(trained.code, 0, trained.stderr);
    assert.deepEqual(alarming(trained.stderr), [], trained.stderr);
    assert.equal(
      trained.stderr.split("\n").filter((line) => line.startsWith("backend: ")).length,
      1,
      "the backend is announced once per run, not once per worker",
    );

    const waves = await task([
      "simulate",
      "waves",
      "--frames",
      "40",
      "--size",
      "32",
      "--stats",
      "--out",
      join(tmp, "waves.npy"),
    ]);
    assert.equal(waves.code, 0, waves.stderr);
    assert.deepEqual(alarming(waves.stderr), [], waves.stderr);

    const port = freePort();
    const server = new Deno.Command(Deno.execPath(), {
      args: ["task", "serve", "--models", run, "--port", String(port), "--backend", "wasm"],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const stderr = new Response(server.stderr).text();
    try {
      const base = `http://127.0.0.1:${port}`;
      let ready = false;
      for (let i = 0; i < 600 && !ready; i++) {
        try {
          const res = await fetch(`${base}/ready`);
          await res.body?.cancel();
          ready = res.ok;
        } catch { /* not listening yet */ }
        if (!ready) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(ready, "the server never became ready");
      const { models } = await (await fetch(`${base}/v1/models`)).json() as {
        models: { name: string; inputShape: number[]; predict: string }[];
      };
      const names = models.map((m) => m.name);
      assert.ok(names.includes("seed1-fold1-directional-best"), names.join(", "));
      assert.ok(names.includes("pretrain-directional-seed1-final"), names.join(", "));
      const model = models.find((m) => m.name === "seed1-fold1-directional-best")!;
      const size = model.inputShape.reduce((a, b) => a * b, 1);
      const res = await fetch(`${base}${model.predict}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ shape: model.inputShape, data: new Array(size).fill(0.5) }),
      });
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.deepEqual(body.shape, [model.inputShape.at(-3), model.inputShape.at(-2), 1]);
    } finally {
      server.kill("SIGTERM");
      await server.status;
    }
    assert.deepEqual(alarming(await stderr), [], await stderr);
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
});
