import assert from "node:assert/strict";
import { encodeNpy, readNpy } from "../../src/io/npy.ts";
import { jsonRequest, libraryPredict, tinyApp } from "./_fixtures.ts";

const x = [[[0.1, -0.2, 0.3], [1, 2, -3]], [[0, 0, 0], [0.5, 0.25, -1]]];

Deno.test("predict: nested JSON outputs equal the library's predictions", async () => {
  const { fetch, ctx } = await tinyApp();
  const res = await fetch(jsonRequest("/v1/models/tiny/predict", { inputs: x }));
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.deepEqual(body.shape, [2, 4]);
  const want = libraryPredict(ctx.registry.get("tiny")!.model, x);
  assert.deepEqual(Float32Array.from(body.outputs.flat()), want);
});

Deno.test("predict: single example without batch axis, and flat shape/data form", async () => {
  const { fetch, ctx } = await tinyApp();
  const model = ctx.registry.get("tiny")!.model;
  const one = await (await fetch(jsonRequest("/v1/models/tiny/predict", { inputs: x[1] }))).json();
  assert.deepEqual(one.shape, [4]);
  assert.deepEqual(Float32Array.from(one.outputs), libraryPredict(model, [x[1]]));
  const flat = await (await fetch(
    jsonRequest("/v1/models/tiny/predict", { shape: [2, 2, 3], data: x.flat(2) }),
  )).json();
  assert.deepEqual(flat.shape, [2, 4]);
  assert.deepEqual(Float32Array.from(flat.data), libraryPredict(model, x));
});

Deno.test("predict: .npy in, .npy out", async () => {
  const { fetch, ctx } = await tinyApp();
  const res = await fetch(
    new Request("http://127.0.0.1/v1/models/tiny/predict", {
      method: "POST",
      headers: { "content-type": "application/x-npy" },
      body: encodeNpy(new Float64Array(x.flat(2)), [2, 2, 3]) as Uint8Array<ArrayBuffer>,
    }),
  );
  assert.equal(res.status, 200);
  assert.equal(res.headers.get("content-type"), "application/x-npy");
  const out = readNpy(new Uint8Array(await res.arrayBuffer()));
  assert.equal(out.dtype, "float32");
  assert.deepEqual(out.shape, [2, 4]);
  assert.deepEqual(out.data, libraryPredict(ctx.registry.get("tiny")!.model, x));
});

Deno.test("predict: concurrent requests are batched, results stay with their request", async () => {
  const { fetch, ctx } = await tinyApp({ maxBatch: 64, batchWaitMs: 20 });
  const model = ctx.registry.get("tiny")!.model;
  const inputs = Array.from({ length: 24 }, (_, i) => [[i, -i, 0.5], [1 / (i + 1), 2, i % 3]]);
  const answers = await Promise.all(
    inputs.map((e) =>
      fetch(jsonRequest("/v1/models/tiny/predict", { inputs: [e] })).then((r: Response) => r.json())
    ),
  );
  answers.forEach((a: { outputs: number[][] }, i: number) =>
    assert.deepEqual(Float32Array.from(a.outputs.flat()), libraryPredict(model, [inputs[i]]))
  );
  const metrics = await (await fetch(new Request("http://127.0.0.1/metrics"))).text();
  const count = Number(
    /prevision_predict_batch_size_count\{model="tiny"\} (\d+)/.exec(metrics)![1],
  );
  assert.ok(count < 24, `24 requests ran as ${count} batches`);
});

Deno.test("predict: unbatched (max-batch 1) runs one batch per request", async () => {
  const { fetch } = await tinyApp({ maxBatch: 1 });
  await Promise.all(
    Array.from({ length: 6 }, () => fetch(jsonRequest("/v1/models/tiny/predict", { inputs: x }))),
  );
  const metrics = await (await fetch(new Request("http://127.0.0.1/metrics"))).text();
  assert.match(metrics, /prevision_predict_batch_size_count\{model="tiny"\} 6/);
});

Deno.test("predict: a full queue answers 503 with Retry-After", async () => {
  const { fetch } = await tinyApp({ maxBatch: 1, maxQueue: 2 });
  const responses = await Promise.all(
    Array.from({ length: 12 }, () => fetch(jsonRequest("/v1/models/tiny/predict", { inputs: x }))),
  );
  const statuses = responses.map((r) => r.status);
  const refused = responses.filter((r) => r.status === 503);
  assert.ok(refused.length > 0, `statuses ${statuses}`);
  assert.ok(statuses.includes(200));
  assert.ok(Number(refused[0].headers.get("retry-after")) >= 1);
  assert.equal((await refused[0].json()).error.code, "overloaded");
  const metrics = await (await fetch(new Request("http://127.0.0.1/metrics"))).text();
  assert.match(
    metrics,
    new RegExp(`prevision_predict_rejected_total\\{model="tiny"\\} ${refused.length}`),
  );
  await Promise.all(responses.filter((r) => !r.bodyUsed).map((r) => r.body?.cancel()));
});
