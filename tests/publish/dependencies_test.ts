/**
 * Development tools stay out of what users import: deno.json's main import map names only
 * runtime packages (the tools live in `scopes` for bench/, tests/ and kernels/), and the
 * module graph of mod.ts reaches none of them.
 */
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url).pathname;
const DEV_TOOLS = ["autocannon", "playwright-core", "assemblyscript"];

Deno.test("deno.json: development tools only in scopes, never in the main import map", async () => {
  const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
  const main = Object.values(config.imports as Record<string, string>).join(" ");
  for (const tool of DEV_TOOLS) {
    assert.ok(!main.includes(`npm:${tool}@`), `${tool} is in deno.json's imports`);
  }
  const scoped = Object.values(config.scopes as Record<string, Record<string, string>>)
    .flatMap((map) => Object.values(map)).join(" ");
  for (const tool of DEV_TOOLS) assert.ok(scoped.includes(`npm:${tool}@`), `${tool} unscoped`);
});

Deno.test("deno info mod.ts lists no development tool", async () => {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "mod.ts"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.match(text, /npm:\/?@tensorflow\/tfjs@4\.22\.0/, "the graph lists npm packages");
  const tools = new RegExp(`npm:/?(${DEV_TOOLS.join("|")})@`);
  assert.doesNotMatch(text, tools);
});
