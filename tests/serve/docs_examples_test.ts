/**
 * The curl examples of docs/serving.md, run against a real server on 127.0.0.1 serving the
 * tests' `tiny` model: each must succeed, and its answer must have the fields, types and array
 * lengths of the response shown under it (strings equal; numbers may differ).
 */
import assert from "node:assert/strict";
import { tinyApp } from "./_fixtures.ts";

const DOC = new URL("../../docs/serving.md", import.meta.url);

/** `[command, expected JSON]` for every ```sh block that starts with curl. */
function examples(markdown: string): [string, unknown][] {
  const blocks = [...markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((m) => [m[1], m[2]]);
  const out: [string, unknown][] = [];
  blocks.forEach(([lang, body], i) => {
    if (lang !== "sh" || !body.startsWith("curl ")) return;
    const next = blocks[i + 1];
    assert.equal(next?.[0], "json", `no response shown after: ${body.slice(0, 60)}`);
    out.push([body.trim(), JSON.parse(next[1])]);
  });
  return out;
}

function sameShape(actual: unknown, expected: unknown, where: string): void {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", where);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), where);
    assert.equal(actual.length, expected.length, where);
    expected.forEach((e, i) => sameShape(actual[i], e, `${where}[${i}]`));
  } else if (expected !== null && typeof expected === "object") {
    assert.ok(actual !== null && typeof actual === "object", where);
    assert.deepEqual(Object.keys(actual as object).sort(), Object.keys(expected).sort(), where);
    for (const [k, v] of Object.entries(expected)) {
      sameShape((actual as Record<string, unknown>)[k], v, `${where}.${k}`);
    }
  } else assert.equal(actual, expected, where);
}

Deno.test("docs/serving.md: every curl example runs and answers as shown", async () => {
  const cases = examples(await Deno.readTextFile(DOC));
  assert.ok(cases.length >= 5, `only ${cases.length} curl examples`);
  const served = await tinyApp();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, served.fetch);
  try {
    for (const [command, expected] of cases) {
      const run = command.replaceAll("localhost:8000", `127.0.0.1:${server.addr.port}`);
      const out = await new Deno.Command("bash", { args: ["-c", run], stdout: "piped" }).output();
      assert.equal(out.code, 0, command);
      const text = new TextDecoder().decode(out.stdout);
      sameShape(JSON.parse(text), expected, command.split("\n")[0]);
    }
  } finally {
    await server.shutdown();
    served.ctx.registry.dispose();
  }
});

Deno.test("docs/serving.md: the curl examples cover /v1 predict, V2 and TF Serving", async () => {
  const asked = new Set(
    examples(await Deno.readTextFile(DOC)).map(([command]) => {
      const path = /localhost:8000(\S+)/.exec(command)?.[1] ?? "(no URL)";
      return `${/\s-d\s/.test(command) ? "POST" : "GET"} ${path}`;
    }),
  );
  for (
    const route of [
      "POST /v1/models/tiny/predict",
      "GET /v2/health/ready",
      "GET /v2/models/tiny",
      "GET /v2/models/tiny/versions/1/ready",
      "POST /v2/models/tiny/infer",
      "POST /v1/models/tiny:predict",
      "POST /v1/models/tiny/versions/1:predict",
    ]
  ) assert.ok(asked.has(route), `no curl example of ${route} (has: ${[...asked].join("; ")})`);
});
