import assert from "node:assert/strict";
import { saveCheckpoint } from "../../src/io/checkpoint.ts";
import { createApp } from "../../src/serve/mod.ts";
import { jsonRequest, libraryPredict, tinyApp, tinyModel } from "./_fixtures.ts";
import { serveDirectory } from "../e2e/_static.ts";

const get = (path: string, headers: Record<string, string> = {}) =>
  new Request(`http://127.0.0.1${path}`, { headers });

Deno.test("health, ready, models list and detail", async () => {
  const { fetch } = await tinyApp();
  const health = await (await fetch(get("/health"))).json();
  assert.equal(health.status, "ok");
  assert.equal(health.backend, "cpu");
  assert.deepEqual(health.models, ["tiny"]);
  assert.equal((await fetch(get("/ready"))).status, 200);
  const list = await (await fetch(get("/v1/models"))).json();
  assert.deepEqual(list.models[0].inputShape, [2, 3]);
  assert.deepEqual(list.models[0].outputShape, [4]);
  const detail = await (await fetch(get("/v1/models/tiny"))).json();
  assert.equal(detail.parameters, 2 * 3 * 4 + 4);
  assert.equal(detail.manifest.description, "test model");
  const missing = await fetch(get("/v1/models/nope"));
  assert.equal(missing.status, 404);
  assert.equal((await missing.json()).error.code, "unknown_model");
});

Deno.test("bearer auth on everything but /health", async () => {
  const { fetch } = await tinyApp({ token: "s3cret" });
  assert.equal((await fetch(get("/health"))).status, 200);
  for (const path of ["/ready", "/v1/models", "/metrics", "/openapi.json"]) {
    const res = await fetch(get(path));
    assert.equal(res.status, 401, path);
    assert.equal((await res.json()).error.code, "unauthorized");
  }
  assert.equal((await fetch(get("/v1/models", { authorization: "Bearer wrong" }))).status, 401);
  assert.equal((await fetch(get("/v1/models", { authorization: "Bearer s3cret" }))).status, 200);
});

Deno.test("bodies over the limit get 413 JSON", async () => {
  const { fetch } = await tinyApp({ bodyLimit: 2048 });
  const res = await fetch(
    jsonRequest("/v1/models/tiny/predict", { inputs: new Array(2000).fill(0.5) }),
  );
  assert.equal(res.status, 413);
  assert.equal((await res.json()).error.code, "payload_too_large");
  // Chunked upload without Content-Length: the limit applies while streaming.
  const chunk = new TextEncoder().encode("[" + "0,".repeat(500));
  const stream = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 10; i++) controller.enqueue(chunk);
      controller.close();
    },
  });
  const chunked = await fetch(
    new Request("http://127.0.0.1/v1/models/tiny/predict", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: stream,
      // @ts-ignore: Deno needs duplex for streaming request bodies
      duplex: "half",
    }),
  );
  assert.equal(chunked.status, 413);
});

Deno.test("openapi.json documents the validated routes; /docs renders it", async () => {
  const { fetch } = await tinyApp();
  const doc = await (await fetch(get("/openapi.json"))).json();
  assert.equal(doc.openapi, "3.0.0");
  const predict = doc.paths["/v1/models/{name}/predict"].post;
  assert.ok(predict.requestBody.content["application/json"]);
  assert.ok(predict.requestBody.content["application/x-npy"]);
  assert.ok(doc.paths["/v1/waves"].post);
  assert.ok(doc.components.schemas.PredictRequest);
  const html = await (await fetch(get("/docs"))).text();
  assert.match(html, /POST \/v1\/models\/\{name\}\/predict/);
});

Deno.test("metrics: request counts, latency histogram, batch sizes, tensor count", async () => {
  const { fetch } = await tinyApp();
  await fetch(jsonRequest("/v1/models/tiny/predict", { inputs: [[[1, 2, 3], [4, 5, 6]]] }));
  const text = await (await fetch(get("/metrics"))).text();
  assert.match(
    text,
    /prevision_http_requests_total\{method="POST",route="\/v1\/models\/:name\/predict",status="200"\} 1/,
  );
  assert.match(
    text,
    /prevision_http_request_duration_seconds_bucket\{route="\/v1\/models\/:name\/predict",le="\+Inf"\} 1/,
  );
  assert.match(text, /prevision_predict_batch_size_sum\{model="tiny"\} 1/);
  assert.match(text, /prevision_tfjs_tensors \d+/);
});

Deno.test("waves: JSON stats, npy frames, work bound", async () => {
  const { fetch, close } = await tinyApp();
  const stats = await (await fetch(jsonRequest("/v1/waves", { size: 16, frames: 40, seed: 3 })))
    .json();
  assert.equal(stats.frames, 40);
  assert.equal(stats.activePerFrame.length, 40);
  assert.ok(stats.meanActive > 0 && stats.meanActive < 1);
  const npy = await fetch(
    jsonRequest("/v1/waves", { size: 16, frames: 10, seed: 3, format: "npy" }),
  );
  assert.equal(npy.headers.get("content-type"), "application/x-npy");
  const { readNpy } = await import("../../src/io/npy.ts");
  const arr = readNpy(new Uint8Array(await npy.arrayBuffer()));
  assert.deepEqual(arr.shape, [10, 16, 16]);
  const big = await fetch(jsonRequest("/v1/waves", { size: 256, frames: 4096 }));
  assert.equal(big.status, 400);
  assert.equal((await big.json()).error.code, "too_much_work");
  const gif = await fetch(jsonRequest("/v1/waves", { size: 16, frames: 6, format: "gif" }));
  assert.equal(gif.headers.get("content-type"), "image/gif");
  const bytes = new Uint8Array(await gif.arrayBuffer());
  assert.equal(new TextDecoder().decode(bytes.subarray(0, 6)), "GIF89a");
  assert.equal(bytes[bytes.length - 1], 0x3b); // trailer
  for (const model of ["godfrey", "lansdell"]) {
    const res = await fetch(jsonRequest("/v1/waves", { model, size: 16, frames: 8, seed: 1 }));
    assert.equal(res.status, 200, model);
    assert.equal((await res.json()).activePerFrame.length, 8);
  }
  close();
});

Deno.test("checkpoints load from a folder; altered weights are refused", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-ckpt-" });
  try {
    const model = tinyModel(7);
    const info = { description: "tiny", config: {}, seed: 7 };
    await saveCheckpoint(`${dir}/good`, model, { name: "good", ...info });
    await saveCheckpoint(`${dir}/bad`, model, { name: "bad", ...info });
    const weights = await Deno.readFile(`${dir}/bad/weights.bin`);
    weights[0] ^= 1;
    await Deno.writeFile(`${dir}/bad/weights.bin`, weights);
    const served = createApp({ models: dir, backend: "cpu" });
    await served.ctx.ready;
    const health = await (await served.fetch(get("/health"))).json();
    assert.deepEqual(health.models, ["good"]);
    assert.equal(health.refused.length, 1);
    assert.match(health.refused[0].reason, /sha256/);
    const x = [[[0.5, 1, -1], [2, 0, 0.25]]];
    const res = await (await served.fetch(jsonRequest("/v1/models/good/predict", { inputs: x })))
      .json();
    assert.deepEqual(Float32Array.from(res.outputs.flat()), libraryPredict(model, x));
    served.ctx.registry.dispose();
    model.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("requests past the timeout get 504 JSON", async () => {
  const { fetch, drain } = await tinyApp({ timeoutMs: 30, batchWaitMs: 300, maxBatch: 64 });
  const res = await fetch(
    jsonRequest("/v1/models/tiny/predict", { inputs: [[[1, 2, 3], [4, 5, 6]]] }),
  );
  assert.equal(res.status, 504);
  assert.equal((await res.json()).error.code, "timeout");
  await drain();
});

Deno.test("models load from URLs listed in a config", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-url-" });
  const files = serveDirectory(dir);
  try {
    const model = tinyModel(9);
    await saveCheckpoint(`${dir}/remote`, model, {
      name: "remote",
      description: "",
      config: {},
      seed: 9,
    });
    await Deno.writeTextFile(
      `${dir}/config.json`,
      JSON.stringify({
        models: [{ name: "from-url", url: `${files.url}/remote/` }, {
          url: `${files.url}/missing/`,
        }],
      }),
    );
    const served = createApp({ config: `${dir}/config.json`, backend: "cpu" });
    await served.ctx.ready;
    const health = await (await served.fetch(get("/health"))).json();
    assert.deepEqual(health.models, ["from-url"]);
    assert.equal(health.refused.length, 1);
    const x = [[[1, 0, 1], [0, 1, 0]]];
    const res =
      await (await served.fetch(jsonRequest("/v1/models/from-url/predict", { inputs: x }))).json();
    assert.deepEqual(Float32Array.from(res.outputs.flat()), libraryPredict(model, x));
    served.ctx.registry.dispose();
    model.dispose();
  } finally {
    await files.close();
    await Deno.remove(dir, { recursive: true });
  }
});
