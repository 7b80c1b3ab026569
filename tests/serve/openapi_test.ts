/**
 * /openapi.json describes every route the server answers, and nothing it does not: each route
 * of the app (middleware aside) is matched by a documented path filled with sample values, and
 * each documented path reaches a route. The protocol routes come with their schemas.
 */
import assert from "node:assert/strict";
import { TrieRouter } from "hono/router/trie-router";
import type { ServeApp } from "../../src/serve/mod.ts";
import { tinyApp } from "./_fixtures.ts";

/** Sample values for the documented path parameters. */
const SAMPLES: Record<string, string> = { name: "tiny", version: "1", file: "model.json" };

interface OpenApiDoc {
  paths: Record<string, Record<string, { requestBody?: { content: object } }>>;
  components: { schemas: Record<string, unknown> };
}

async function openapi(served: ServeApp): Promise<OpenApiDoc> {
  return await (await served.fetch(new Request("http://127.0.0.1/openapi.json"))).json();
}

/** Routes served but not documented, and documented paths no route answers. */
function compare(served: ServeApp, doc: OpenApiDoc): { missing: string[]; phantom: string[] } {
  // Middleware is registered as method ALL; the routes are the rest.
  const routes = [
    ...new Map(
      served.app.routes.filter((r) => r.method !== "ALL").map((r) => [`${r.method} ${r.path}`, r]),
    ).values(),
  ];
  const router = new TrieRouter<number>();
  routes.forEach((r, i) => router.add(r.method, r.path, i));
  const covered = new Set<number>();
  const phantom: string[] = [];
  for (const [template, ops] of Object.entries(doc.paths)) {
    const path = template.replace(/\{(\w+)\}/g, (_, p: string) => {
      assert.ok(p in SAMPLES, `no sample value for {${p}} in ${template}`);
      return SAMPLES[p];
    });
    for (const method of Object.keys(ops)) {
      const [matches] = router.match(method.toUpperCase(), path);
      if (matches.length === 0) phantom.push(`${method.toUpperCase()} ${template}`);
      for (const [i] of matches) covered.add(i);
    }
  }
  const missing = routes.filter((_, i) => !covered.has(i)).map((r) => `${r.method} ${r.path}`);
  return { missing, phantom };
}

Deno.test("openapi.json lists every served route (V2, TF Serving, metrics, docs, playground)", async () => {
  const served = await tinyApp();
  try {
    const doc = await openapi(served);
    const { missing, phantom } = compare(served, doc);
    assert.deepEqual(missing, [], `routes missing from openapi.json: ${missing.join("; ")}`);
    assert.deepEqual(phantom, [], `documented but not served: ${phantom.join("; ")}`);
    // The protocol routes are there by their published paths, with schemas.
    for (
      const path of [
        "/v2/models/{name}/infer",
        "/v2/models/{name}/versions/{version}/infer",
        "/v1/models/{name}:predict",
        "/v1/models/{name}/versions/{version}:predict",
      ]
    ) {
      const body = doc.paths[path]?.post?.requestBody;
      assert.ok(body && "application/json" in body.content, `${path}: no JSON request body`);
    }
    for (
      const name of [
        "V2InferRequest",
        "V2InferResponse",
        "V2ModelMetadata",
        "ProtocolError",
        "TfServingPredictRequest",
        "TfServingPredictResponse",
      ]
    ) assert.ok(name in doc.components.schemas, `schema ${name} missing`);
  } finally {
    served.close();
    served.ctx.registry.dispose();
  }
});

Deno.test("openapi route check: a route added without documentation is reported", async () => {
  const served = await tinyApp();
  try {
    served.app.get("/v2/undocumented/:id", (c) => c.text("x"));
    const { missing } = compare(served, await openapi(served));
    assert.deepEqual(missing, ["GET /v2/undocumented/:id"]);
  } finally {
    served.close();
    served.ctx.registry.dispose();
  }
});
