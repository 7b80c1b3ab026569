/**
 * Conformance with the inference protocols clients already speak, written from the published
 * request/response examples: the Open Inference Protocol V2 REST API (KServe, Triton) and
 * TensorFlow Serving's REST predict API.
 */
import assert from "node:assert/strict";
import { jsonRequest, libraryPredict, tinyApp, tinyModel } from "./_fixtures.ts";
import { createApp, type ServeApp } from "../../src/serve/mod.ts";
import { saveCheckpoint } from "../../src/io/checkpoint.ts";

const X = [[[0.5, 1, -1], [2, 0, 0.25]], [[1, 1, 1], [0, -2, 3]]];

async function getJson(served: ServeApp, path: string) {
  const res = await served.fetch(new Request(`http://127.0.0.1${path}`));
  return { status: res.status, body: await res.json() };
}

async function post(served: ServeApp, path: string, body: unknown) {
  const res = await served.fetch(jsonRequest(path, body));
  return { status: res.status, body: await res.json() };
}

function close(actual: number[], expected: Float32Array) {
  assert.deepEqual(Float32Array.from(actual), expected);
}

Deno.test("V2: server metadata, liveness and readiness", async () => {
  const served = await tinyApp();
  const meta = await getJson(served, "/v2");
  assert.equal(meta.status, 200);
  assert.equal(typeof meta.body.name, "string");
  assert.equal(typeof meta.body.version, "string");
  assert.ok(Array.isArray(meta.body.extensions));
  assert.deepEqual(await getJson(served, "/v2/health/live"), { status: 200, body: { live: true } });
  assert.deepEqual(await getJson(served, "/v2/health/ready"), {
    status: 200,
    body: { ready: true },
  });
  served.ctx.registry.dispose();
});

Deno.test("V2: model metadata and readiness; unknown models and versions are 404 {error}", async () => {
  const served = await tinyApp();
  const meta = await getJson(served, "/v2/models/tiny");
  assert.equal(meta.status, 200);
  assert.deepEqual(meta.body, {
    name: "tiny",
    versions: ["1"],
    platform: "tensorflowjs_layers",
    inputs: [{ name: "input", datatype: "FP32", shape: [-1, 2, 3] }],
    outputs: [{ name: "output", datatype: "FP32", shape: [-1, 4] }],
  });
  assert.deepEqual((await getJson(served, "/v2/models/tiny/versions/1")).body, meta.body);
  assert.deepEqual(await getJson(served, "/v2/models/tiny/ready"), {
    status: 200,
    body: { name: "tiny", ready: true },
  });
  for (const path of ["/v2/models/nope", "/v2/models/nope/ready", "/v2/models/tiny/versions/2"]) {
    const res = await getJson(served, path);
    assert.equal(res.status, 404, path);
    assert.equal(typeof res.body.error, "string", path);
  }
  served.ctx.registry.dispose();
});

Deno.test("V2: infer with row-major data (the spec's example form) and with nested data", async () => {
  const served = await tinyApp();
  const expected = libraryPredict(served.ctx.registry.get("tiny")!.model, X);
  // As the specification's example: an id, one named input, flat row-major data, named outputs.
  const flat = await post(served, "/v2/models/tiny/infer", {
    id: "42",
    inputs: [{ name: "input", shape: [2, 2, 3], datatype: "FP32", data: X.flat(2) }],
    outputs: [{ name: "output" }],
  });
  assert.equal(flat.status, 200, JSON.stringify(flat.body));
  assert.equal(flat.body.id, "42");
  assert.equal(flat.body.model_name, "tiny");
  assert.equal(flat.body.model_version, "1");
  assert.equal(flat.body.outputs.length, 1);
  const [out] = flat.body.outputs;
  assert.equal(out.name, "output");
  assert.equal(out.datatype, "FP32");
  assert.deepEqual(out.shape, [2, 4]);
  close(out.data, expected);
  // Nested data and a version path; no id, no outputs list.
  const nested = await post(served, "/v2/models/tiny/versions/1/infer", {
    inputs: [{ name: "input", shape: [2, 2, 3], datatype: "FP32", data: X }],
  });
  assert.equal(nested.status, 200);
  assert.equal("id" in nested.body, false);
  close(nested.body.outputs[0].data, expected);
  // One example without the batch axis.
  const one = await post(served, "/v2/models/tiny/infer", {
    inputs: [{ name: "input", shape: [2, 3], datatype: "FP64", data: X[0].flat() }],
  });
  assert.deepEqual(one.body.outputs[0].shape, [4]);
  close(one.body.outputs[0].data, expected.slice(0, 4));
  served.ctx.registry.dispose();
});

Deno.test("V2: bad requests get 400 {error: string}", async () => {
  const served = await tinyApp();
  const input = (over: Record<string, unknown>) => ({
    inputs: [{ name: "input", shape: [2, 3], datatype: "FP32", data: X[0].flat(), ...over }],
  });
  const cases: [string, unknown][] = [
    ["wrong input name", input({ name: "input0" })],
    ["BYTES", input({ datatype: "BYTES" })],
    ["BOOL", input({ datatype: "BOOL", data: [true] })],
    ["shape vs data", input({ shape: [3, 3] })],
    ["shape vs model", input({ shape: [6], data: X[0].flat() })],
    ["nested vs shape", input({ shape: [3, 2], data: X[0] })],
    ["NaN", input({ data: [1, 2, 3, 4, 5, "NaN"] })],
    ["no inputs", { inputs: [] }],
    ["two inputs", { inputs: [input({}).inputs[0], input({}).inputs[0]] }],
    ["unknown output", { ...input({}), outputs: [{ name: "logits" }] }],
    ["not an object", [1, 2]],
    ["malformed", '{"inputs": ['],
  ];
  for (const [name, body] of cases) {
    const res = await post(served, "/v2/models/tiny/infer", body);
    assert.equal(res.status, 400, name);
    assert.equal(typeof res.body.error, "string", name);
  }
  const missing = await post(served, "/v2/models/nope/infer", input({}));
  assert.equal(missing.status, 404);
  assert.equal(typeof missing.body.error, "string");
  served.ctx.registry.dispose();
});

Deno.test("V2 infer shares /v1's dynamic batching", async () => {
  const served = await tinyApp({ maxBatch: 8, batchWaitMs: 50 });
  const body = {
    inputs: [{ name: "input", shape: [1, 2, 3], datatype: "FP32", data: X[0].flat() }],
  };
  const answers = await Promise.all([
    ...Array.from({ length: 4 }, () => post(served, "/v2/models/tiny/infer", body)),
    ...Array.from(
      { length: 4 },
      () => post(served, "/v1/models/tiny/predict", { inputs: [X[0]] }),
    ),
  ]);
  for (const a of answers) assert.equal(a.status, 200);
  const metrics = await (await served.fetch(new Request("http://127.0.0.1/metrics"))).text();
  const count = Number(
    /prevision_predict_batch_size_count\{model="tiny"\} (\d+)/.exec(metrics)![1],
  );
  assert.ok(count < 8, `${count} batches for 8 concurrent requests`);
  served.ctx.registry.dispose();
});

Deno.test("TF Serving: :predict with instances (row format) and inputs (columnar format)", async () => {
  const served = await tinyApp();
  const expected = libraryPredict(served.ctx.registry.get("tiny")!.model, X);
  const rows = await post(served, "/v1/models/tiny:predict", {
    signature_name: "serving_default",
    instances: X,
  });
  assert.equal(rows.status, 200, JSON.stringify(rows.body));
  assert.deepEqual(Object.keys(rows.body), ["predictions"]);
  assert.equal(rows.body.predictions.length, 2);
  close(rows.body.predictions.flat(), expected);
  const columns = await post(served, "/v1/models/tiny:predict", { inputs: X });
  assert.deepEqual(Object.keys(columns.body), ["outputs"]);
  close(columns.body.outputs.flat(), expected);
  const named = await post(served, "/v1/models/tiny/versions/1:predict", { inputs: { x: X } });
  assert.equal(named.status, 200);
  close(named.body.outputs.flat(), expected);
  for (
    const [path, body, status] of [
      ["/v1/models/tiny:predict", { instances: X, inputs: X }, 400],
      ["/v1/models/tiny:predict", { instances: X[0] }, 400],
      ["/v1/models/tiny:predict", { examples: X }, 400],
      ["/v1/models/nope:predict", { instances: X }, 404],
      ["/v1/models/tiny/versions/7:predict", { instances: X }, 404],
    ] as [string, unknown, number][]
  ) {
    const res = await post(served, path, body);
    assert.equal(res.status, status, `${path} ${JSON.stringify(body).slice(0, 40)}`);
    assert.equal(typeof res.body.error, "string");
  }
  served.ctx.registry.dispose();
});

Deno.test("a folder of numbered checkpoints is one model with versions (V2 and TF Serving)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "serve-versions-" });
  try {
    const info = { name: "fp", description: "v", config: {} };
    const models = [tinyModel(1), tinyModel(2)];
    await saveCheckpoint(`${dir}/fp/1`, models[0], { ...info, seed: 1 });
    await saveCheckpoint(`${dir}/fp/2`, models[1], { ...info, seed: 2 });
    const served = createApp({ models: dir, backend: "cpu" });
    await served.ctx.ready;
    const meta = await getJson(served, "/v2/models/fp");
    assert.equal(meta.status, 200);
    assert.deepEqual(meta.body.versions, ["1", "2"]);
    const body = {
      inputs: [{ name: "input", shape: [2, 3], datatype: "FP32", data: X[0].flat() }],
    };
    const expected = models.map((m) => libraryPredict(m, [X[0]]));
    const latest = await post(served, "/v2/models/fp/infer", body);
    assert.equal(latest.body.model_version, "2");
    close(latest.body.outputs[0].data, expected[1]);
    const first = await post(served, "/v2/models/fp/versions/1/infer", body);
    assert.equal(first.body.model_version, "1");
    close(first.body.outputs[0].data, expected[0]);
    const tf1 = await post(served, "/v1/models/fp/versions/1:predict", { instances: [X[0]] });
    close(tf1.body.predictions.flat(), expected[0]);
    const missing = await getJson(served, "/v2/models/fp/versions/3");
    assert.equal(missing.status, 404);
    assert.match(missing.body.error, /has 1, 2/);
    for (const m of models) m.dispose();
    served.close();
    served.ctx.registry.dispose();
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
