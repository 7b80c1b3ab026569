/**
 * Slow clients (slowloris): sockets that send partial headers and stop are closed within the
 * header timeout with a 408, idle kept-alive sockets within the idle timeout, while ordinary
 * requests, kept-alive requests and request bodies pass through the guard unchanged.
 */
import assert from "node:assert/strict";
import { serveGuarded } from "../../src/serve/guard/mod.ts";
import { jsonRequest, tinyApp } from "./_fixtures.ts";

async function readAll(conn: Deno.Conn, limitMs: number): Promise<{ text: string; ms: number }> {
  const t0 = performance.now();
  const chunks: Uint8Array[] = [];
  const buffer = new Uint8Array(4096);
  const stop = setTimeout(() => conn.close(), limitMs);
  try {
    while (true) {
      const n = await conn.read(buffer);
      if (n === null) break;
      chunks.push(buffer.slice(0, n));
    }
  } catch { /* closed by the limit */ }
  clearTimeout(stop);
  const text = chunks.map((c) => new TextDecoder().decode(c)).join("");
  return { text, ms: performance.now() - t0 };
}

async function guarded(headerTimeoutMs: number, idleTimeoutMs: number) {
  const served = await tinyApp();
  const dir = await Deno.makeTempDir({ prefix: "guard-" });
  const server = await serveGuarded(
    { hostname: "127.0.0.1", port: 0, socketDir: `${dir}/sock`, headerTimeoutMs, idleTimeoutMs },
    served.fetch,
  );
  return {
    port: server.addr.port,
    stop: async () => {
      await server.shutdown();
      served.ctx.registry.dispose();
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("guard: 50 sockets with unfinished headers are closed with 408 within the header timeout", async () => {
  const { port, stop } = await guarded(400, 5000);
  try {
    const sockets = await Promise.all(
      Array.from({ length: 50 }, () => Deno.connect({ hostname: "127.0.0.1", port })),
    );
    const partial = new TextEncoder().encode("GET /health HTTP/1.1\r\nHost: x\r\n");
    await Promise.all(sockets.map((s) => s.write(partial)));
    const answers = await Promise.all(sockets.map((s) => readAll(s, 5000)));
    for (const { text, ms } of answers) {
      assert.match(text, /^HTTP\/1\.1 408 /);
      assert.match(text, /"code":"timeout"/);
      assert.ok(ms < 2000, `closed after ${ms} ms`);
    }
    // A socket that sends nothing at all is closed the same way.
    const silent = await Deno.connect({ hostname: "127.0.0.1", port });
    assert.ok((await readAll(silent, 5000)).ms < 2000);
  } finally {
    await stop();
  }
});

Deno.test("guard: ordinary, kept-alive and body-carrying requests pass; idle sockets are closed", async () => {
  const { port, stop } = await guarded(400, 600);
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${base}/health`);
      assert.equal(res.status, 200);
      assert.equal((await res.json()).status, "ok");
    }
    const body = { inputs: [[[1, 2, 3], [4, 5, 6]]] };
    const req = jsonRequest("/v1/models/tiny/predict", body);
    const res = await fetch(`${base}/v1/models/tiny/predict`, {
      method: "POST",
      headers: req.headers,
      body: JSON.stringify(body),
    });
    assert.equal(res.status, 200);
    assert.deepEqual((await res.json()).shape, [1, 4]);
    // Two requests on one socket, then silence: closed after the idle timeout.
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    const get = new TextEncoder().encode("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
    await conn.write(get);
    await new Promise((r) => setTimeout(r, 200));
    await conn.write(get);
    const { text, ms } = await readAll(conn, 5000);
    assert.equal(text.match(/HTTP\/1\.1 200/g)?.length, 2);
    assert.ok(ms < 2500, `idle socket closed after ${ms} ms`);
  } finally {
    await stop();
  }
});

Deno.test("guard: an over-long URL gets a JSON 414, over-long headers a JSON 431", async () => {
  const { port, stop } = await guarded(2000, 5000);
  try {
    const send = async (text: string) => {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      await conn.write(new TextEncoder().encode(text)).catch(() => 0);
      return (await readAll(conn, 3000)).text;
    };
    const url = await send(`GET /v1/models/${"a".repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.match(url, /^HTTP\/1\.1 414 /);
    assert.equal(JSON.parse(url.slice(url.indexOf("\r\n\r\n") + 4)).error.code, "uri_too_long");
    const big = await send(
      `GET /health HTTP/1.1\r\nHost: x\r\n${"x-pad: " + "b".repeat(50_000)}\r\n\r\n`,
    );
    assert.match(big, /^HTTP\/1\.1 431 /);
    assert.equal(
      JSON.parse(big.slice(big.indexOf("\r\n\r\n") + 4)).error.code,
      "headers_too_large",
    );
  } finally {
    await stop();
  }
});
