/**
 * Holes a probe of the server found (issue 25), each with the test that failed before its fix:
 * shape bombs, unbounded metrics labels, tampered model.json, symlinks out of --models, and
 * tensors leaked by refused checkpoints.
 */
import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { saveCheckpoint } from "../../src/io/checkpoint.ts";
import { createApp, parseServeArgs } from "../../src/serve/mod.ts";
import { permissionFlags } from "../../src/serve/_permissions.ts";
import { jsonRequest, plantSymlink, tinyApp, tinyModel } from "./_fixtures.ts";

function get(path: string, method = "GET"): Request {
  return new Request(`http://127.0.0.1${path}`, { method });
}

Deno.test("a nested-JSON shape bomb gets 400 before anything is allocated", async () => {
  const served = await tinyApp();
  // 8 levels whose first rows hold 100 elements: 100^8 values claimed by 1.6 KB of JSON.
  let node: unknown = Array.from({ length: 100 }, () => 0);
  for (let depth = 1; depth < 8; depth++) node = [node, ...Array.from({ length: 99 }, () => 0)];
  const res = await served.fetch(jsonRequest("/v1/models/tiny/predict", { inputs: node }));
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, "invalid_input");
  served.ctx.registry.dispose();
});

Deno.test("metrics: invented method names share one label value", async () => {
  const served = await tinyApp();
  for (let i = 0; i < 50; i++) await served.fetch(get("/health", `XMETHOD${i}`));
  const text = await (await served.fetch(get("/metrics"))).text();
  const methods = new Set([...text.matchAll(/method="([^"]*)"/g)].map((m) => m[1]));
  assert.ok(methods.size <= 10, `method labels: ${[...methods].join(",")}`);
  assert.ok(methods.has("OTHER"));
  served.ctx.registry.dispose();
});

async function checkpoints(dir: string): Promise<void> {
  const model = tinyModel(7);
  const info = { description: "tiny", config: {}, seed: 7 };
  await saveCheckpoint(`${dir}/good`, model, { name: "good", ...info });
  await saveCheckpoint(`${dir}/altered`, model, { name: "altered", ...info });
  model.dispose();
}

Deno.test("a checkpoint whose model.json was altered is refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-h-" });
  try {
    await checkpoints(dir);
    const path = `${dir}/altered/model.json`;
    await Deno.writeTextFile(
      path,
      (await Deno.readTextFile(path)).replace('"activation":"sigmoid"', '"activation":"linear"'),
    );
    const served = createApp({ models: dir, backend: "cpu" });
    await served.ctx.ready;
    const health = await (await served.fetch(get("/health"))).json();
    assert.deepEqual(health.models, ["good"]);
    assert.match(health.refused[0].reason, /model\.json/);
    served.ctx.registry.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("reads stay inside --models: symlinked files and folders outside it are refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-h-" });
  const outside = await Deno.makeTempDir({ prefix: "serve-out-" });
  try {
    await checkpoints(`${dir}/models`);
    await saveCheckpoint(`${outside}/elsewhere`, tinyModel(3), {
      name: "elsewhere",
      description: "outside",
      config: {},
      seed: 3,
    });
    // weights.bin of "altered" now links to a file outside the folder, with a matching manifest.
    await Deno.remove(`${dir}/models/altered/weights.bin`);
    await plantSymlink(`${outside}/elsewhere/weights.bin`, `${dir}/models/altered/weights.bin`);
    for (const file of ["manifest.json", "model.json"]) {
      await Deno.copyFile(`${outside}/elsewhere/${file}`, `${dir}/models/altered/${file}`);
    }
    // A whole checkpoint folder linked in from outside.
    await plantSymlink(`${outside}/elsewhere`, `${dir}/models/linked`);
    const served = createApp({ models: `${dir}/models`, backend: "cpu" });
    await served.ctx.ready;
    const health = await (await served.fetch(get("/health"))).json();
    assert.deepEqual(health.models, ["good"]);
    assert.equal(health.refused.length, 2);
    for (const r of health.refused) assert.match(r.reason, /outside/, r.reason);
    served.ctx.registry.dispose();
    // A `..` path to a checkpoint outside is refused the same way.
    const dotted = createApp({
      models: `${dir}/models/good/../../../${outside.split("/").pop()}`,
      backend: "cpu",
    });
    await dotted.ctx.ready;
    dotted.ctx.registry.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("refused checkpoints leave no tensors behind", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-h-" });
  try {
    const model = tinyModel(7);
    const info = { description: "tiny", config: {}, seed: 7 };
    await saveCheckpoint(`${dir}/a`, model, { name: "same", ...info });
    await saveCheckpoint(`${dir}/b`, model, { name: "same", ...info });
    await saveCheckpoint(`${dir}/c`, model, { name: "truncated", ...info });
    model.dispose();
    // Truncated weights whose manifest was updated to match.
    const weights = (await Deno.readFile(`${dir}/c/weights.bin`)).slice(0, 8);
    await Deno.writeFile(`${dir}/c/weights.bin`, weights);
    const manifest = JSON.parse(await Deno.readTextFile(`${dir}/c/manifest.json`));
    const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", weights));
    manifest.weightsSha256 = [...hash].map((b) => b.toString(16).padStart(2, "0")).join("");
    await Deno.writeTextFile(`${dir}/c/manifest.json`, JSON.stringify(manifest));
    // Two entries under one name: the second is refused after it was built.
    const config = `${dir}/models.json`;
    const models = [{ name: "same", path: "a" }, { name: "same", path: "b" }, { path: "c" }];
    await Deno.writeTextFile(config, JSON.stringify({ models }));
    const before = tf.memory().numTensors;
    const served = createApp({ config, backend: "cpu" });
    await served.ctx.ready;
    assert.equal(
      served.ctx.registry.refused.length,
      2,
      JSON.stringify(served.ctx.registry.refused),
    );
    served.ctx.registry.dispose();
    assert.equal(tf.memory().numTensors, before);
    served.close();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("/health names refused checkpoints without the server's absolute paths", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-h-" });
  const outside = await Deno.makeTempDir({ prefix: "serve-out-" });
  try {
    await checkpoints(dir);
    const weights = await Deno.readFile(`${dir}/altered/weights.bin`);
    weights[0] ^= 1;
    await Deno.writeFile(`${dir}/altered/weights.bin`, weights);
    await Deno.writeTextFile(`${outside}/secret`, "x");
    await Deno.remove(`${dir}/good/weights.bin`);
    await plantSymlink(`${outside}/secret`, `${dir}/good/weights.bin`);
    const served = createApp({ models: dir, backend: "cpu", token: "t" });
    await served.ctx.ready;
    const text = await (await served.fetch(get("/health"))).text();
    assert.equal(JSON.parse(text).refused.length, 2);
    assert.ok(!text.includes(dir), text);
    assert.ok(!text.includes(outside), text);
    assert.match(text, /<models>\/altered/);
    served.ctx.registry.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("playground: an Object.prototype name is an unknown file, not a missing build", async () => {
  const served = await tinyApp();
  for (const name of ["constructor", "__proto__", "toString"]) {
    const res = await served.fetch(get(`/playground/wasm/${name}`));
    assert.equal(res.status, 404);
    const body = await res.json();
    assert.equal(body.error.code, "not_found", name);
    assert.ok(!body.error.message.includes("undefined"), body.error.message);
  }
  served.ctx.registry.dispose();
});

Deno.test("a known path with the wrong method gets 405 with Allow; an unknown path 404", async () => {
  const served = await tinyApp();
  for (
    const [method, path, allow] of [
      ["GET", "/v1/models/tiny/predict", "POST"],
      ["DELETE", "/v1/models/tiny", "GET, HEAD"],
      ["PUT", "/metrics", "GET, HEAD"],
      ["GET", "/v1/waves", "POST"],
      ["GET", "/v2/models/tiny/infer", "POST"],
    ]
  ) {
    const res = await served.fetch(get(path, method));
    assert.equal(res.status, 405, `${method} ${path}`);
    assert.equal(res.headers.get("allow"), allow, path);
    assert.equal((await res.json()).error.code, "method_not_allowed");
  }
  const missing = await served.fetch(get("/v1/nothing", "DELETE"));
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
  served.ctx.registry.dispose();
});

Deno.test("--token-file reads the token (kept out of ps); --cors answers browsers' preflights", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-h-" });
  try {
    await Deno.writeTextFile(`${dir}/token`, "s3cret\n");
    const args = parseServeArgs(["--token-file", `${dir}/token`, "--cors", "https://a.example"]);
    assert.equal(args.options.token, "s3cret");
    assert.deepEqual(args.options.cors, ["https://a.example"]);
    assert.throws(
      () => parseServeArgs(["--token", "x", "--token-file", `${dir}/token`]),
      /not both/,
    );
    assert.throws(() => parseServeArgs(["--token-file", `${dir}/missing`]), /token-file/);
    assert.throws(() => parseServeArgs(["--cors", "a.example/x"]), /--cors/);
    const flags = await permissionFlags(args);
    assert.ok(flags[0].split(",").includes(`${dir}/token`), flags[0]);
    const served = await tinyApp(args.options);
    const preflight = await served.fetch(
      new Request("http://127.0.0.1/v1/models/tiny/predict", {
        method: "OPTIONS",
        headers: {
          origin: "https://a.example",
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization, content-type",
        },
      }),
    );
    assert.ok(preflight.status < 300, String(preflight.status));
    assert.equal(preflight.headers.get("access-control-allow-origin"), "https://a.example");
    const res = await served.fetch(
      jsonRequest("/v1/models/tiny/predict", { inputs: [[1, 2, 3], [4, 5, 6]] }, {
        origin: "https://a.example",
        authorization: "Bearer s3cret",
      }),
    );
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("access-control-allow-origin"), "https://a.example");
    await res.body?.cancel();
    served.ctx.registry.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("waves: an all-zero movie says why (godfrey/lansdell waves are seconds apart)", async () => {
  const served = await tinyApp();
  for (const model of ["godfrey", "lansdell"]) {
    const body = { model, size: 16, frames: 4 };
    const res = await served.fetch(jsonRequest("/v1/waves", body));
    const stats = await res.json();
    assert.equal(res.status, 200);
    // 4 frames (0.1 s simulated) hold no wave of either model with seed 1.
    assert.ok(stats.activePerFrame.every((a: number) => a === 0), model);
    assert.match(stats.note, /no wave in these 4 frames/, model);
    const npy = await served.fetch(jsonRequest("/v1/waves", { ...body, format: "npy" }));
    assert.match(npy.headers.get("x-prevision-note") ?? "", /more frames/);
    await npy.body?.cancel();
  }
  const teh = await (await served.fetch(jsonRequest("/v1/waves", { model: "teh" }))).json();
  assert.equal(teh.note, undefined);
  served.close();
  served.ctx.registry.dispose();
});

Deno.test("the launcher's read permission leaves out the rest of src/ (only what workers load)", async () => {
  const flags = await permissionFlags(parseServeArgs([]));
  const read = flags[0].slice("--allow-read=".length).split(",");
  const app = new URL("../../src/serve/app.ts", import.meta.url).pathname;
  const covering = read.filter((p) => app === p || app.startsWith(p.endsWith("/") ? p : `${p}/`));
  assert.deepEqual(covering, []);
});
