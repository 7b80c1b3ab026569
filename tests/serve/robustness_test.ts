/**
 * Hostile and malformed traffic against a real server on 127.0.0.1: every request must get a
 * 4xx JSON error `{"error":{"code","message"}}`, the server must stay healthy, and the tfjs
 * tensor count must not change.
 */
import assert from "node:assert/strict";
import { tf } from "../../src/backend/tf.ts";
import { tinyApp } from "./_fixtures.ts";
import { AUTH, hostileCases, PREDICT, TOKEN } from "./_hostile.ts";

Deno.test("robustness: ≥ 200 hostile requests each get a 4xx JSON error; server stays healthy", async () => {
  const served = await tinyApp({ token: TOKEN, bodyLimit: 1 << 20, maxWaveVoxels: 64 * 64 * 256 });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, served.fetch);
  const base = `http://127.0.0.1:${server.addr.port}`;
  try {
    // Warm up once so that lazily created state (batchers, kernels) is not counted as a leak.
    const warm = await fetch(base + PREDICT, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: '{"inputs":[[1,2,3],[4,5,6]]}',
    });
    assert.equal(warm.status, 200);
    await warm.body?.cancel();
    const tensors = tf.memory().numTensors;
    const cases = hostileCases();
    assert.ok(cases.length >= 200, `only ${cases.length} cases`);
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    for (const c of cases) {
      const noAuth = c.noAuth;
      const res = await fetch(base + c.path, {
        method: c.method ?? "POST",
        headers: { ...(noAuth ? {} : AUTH), ...(c.headers ?? {}) },
        body: c.body as BodyInit | undefined,
      });
      const text = await res.text();
      let ok = res.status >= 400 && res.status < 500;
      try {
        const body = JSON.parse(text);
        ok &&= typeof body?.error?.code === "string" && typeof body?.error?.message === "string";
        ok &&= !/\n\s+at /.test(body.error.message); // no stack traces
      } catch {
        ok = false;
      }
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (!ok) failures.push(`${c.name}: ${res.status} ${text.slice(0, 120)}`);
    }
    assert.deepEqual(
      failures,
      [],
      `${failures.length} of ${cases.length} not answered with 4xx JSON`,
    );
    for (const status of [400, 401, 404, 413, 415]) {
      assert.ok(statuses[status] > 0, `no ${status} among ${JSON.stringify(statuses)}`);
    }
    const health = await fetch(base + "/health");
    assert.equal(health.status, 200);
    assert.equal((await health.json()).status, "ok");
    const again = await fetch(base + PREDICT, {
      method: "POST",
      headers: { ...AUTH, "content-type": "application/json" },
      body: '{"inputs":[[1,2,3],[4,5,6]]}',
    });
    assert.equal(again.status, 200);
    await again.body?.cancel();
    assert.equal(tf.memory().numTensors, tensors, "tensor count changed");
  } finally {
    await server.shutdown();
    served.close();
  }
});
