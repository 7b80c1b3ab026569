import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { checkLayers, codeOnly, importSpecifiers } from "./check.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A small tree with one planted violation of every kind, plus things that are allowed. */
const PLANTED: Record<string, string> = {
  "mod.ts": `export * from "./src/studies/s1/mod.ts";\n`,
  // wrong-way (models imports train) that also closes a layer cycle and a file cycle
  "src/models/net.ts": `import { fit } from "../train/fit.ts";\nexport const net = fit;\n`,
  "src/train/fit.ts": `import { net } from "../models/net.ts";\nexport const fit = () => net;\n`,
  // a private file imported from another folder
  "src/io/_secret.ts": `export const secret = 1;\n`,
  "src/analysis/peek.ts": `import { secret } from "../io/_secret.ts";\nexport const x = secret;\n`,
  // allowed: a subfolder uses its parent's private file; a study uses the shared _kit
  "src/stimuli/_checks.ts": `export const check = 1;\n`,
  "src/stimuli/waves/teh.ts": `import { check } from "../_checks.ts";\nexport const t = check;\n`,
  "src/studies/_kit/plots.ts": `export const plot = 1;\n`,
  "src/studies/s1/mod.ts": `import { plot } from "../_kit/plots.ts";\nexport const s = plot;\n`,
  // the executor reaching into the studies' private kit: private and wrong-way
  "src/experiment/run.ts":
    `import { plot } from "../studies/_kit/plots.ts";\nexport const r = plot;\n`,
  // allowed: a cycle of type-only imports (erased at run time)
  "src/util/a.ts": `import type { B } from "./b.ts";\nexport type A = { b?: B };\n`,
  "src/util/b.ts": `import { type A } from "./a.ts";\nexport type B = { a?: A };\n`,
  // allowed: imports in comments, JSDoc examples and generated source text
  "src/util/doc.ts": [
    "/**",
    " * @example",
    " * ```ts",
    ' * import { s } from "../studies/s1/mod.ts";',
    " * ```",
    " */",
    '// import { r } from "../experiment/run.ts";',
    'export const text = `import { x } from "../serve/app.ts";`;',
    "",
  ].join("\n"),
  // kernels/ must not import src/
  "kernels/glue.ts": `import { a } from "../src/util/doc.ts";\nexport const g = a;\n`,
  // a folder that is not a layer, and an import of a file that does not exist
  "src/widgets/w.ts": `import { gone } from "../util/gone.ts";\nexport const w = gone;\n`,
};

function plant(): string {
  const root = Deno.makeTempDirSync({ prefix: "layers_" });
  for (const [path, text] of Object.entries(PLANTED)) {
    Deno.mkdirSync(join(root, dirname(path)), { recursive: true });
    Deno.writeTextFileSync(join(root, path), text);
  }
  return root;
}

Deno.test("layers: the planted tree fails, naming each violation", () => {
  const root = plant();
  try {
    const found = checkLayers(root).map((v) => v.message);
    const expect = [
      "wrong-way: src/models/net.ts (models) imports src/train/fit.ts (train)",
      "private: src/analysis/peek.ts imports src/io/_secret.ts, private to src/io/",
      "private: src/experiment/run.ts imports src/studies/_kit/plots.ts, private to src/studies/",
      "wrong-way: src/experiment/run.ts (experiment) imports src/studies/_kit/plots.ts (studies)",
      "cycle: layers models → train → models",
      "cycle: files src/models/net.ts → src/train/fit.ts → src/models/net.ts",
      "wrong-way: kernels/glue.ts (kernels) imports src/util/doc.ts (util)",
      "unknown-layer: src/widgets/w.ts is in src/widgets/",
      "missing: src/widgets/w.ts imports src/util/gone.ts",
    ];
    for (const line of expect) {
      assert.ok(
        found.some((f) => f.startsWith(line)),
        `expected "${line}" in:\n${found.join("\n")}`,
      );
    }
    // Nothing else: the allowed imports above are not reported.
    assert.equal(found.length, expect.length, found.join("\n"));
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("layers: the command exits 1 with one line per violation", async () => {
  const root = plant();
  try {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", join(ROOT, "tests/layers/check.ts"), root],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(out.code, 1);
    const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
    assert.equal(lines.length, 9, lines.join("\n"));
  } finally {
    Deno.removeSync(root, { recursive: true });
  }
});

Deno.test("layers: imports are parsed from code only", () => {
  const source = [
    'import type { A } from "./a.ts";',
    'import { type B, type C } from "./b.ts";',
    'import { d, type E } from "./d.ts";',
    'export * from "./e.ts";',
    'import "./side.ts";',
    'const m = await import("./lazy.ts");',
    'const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });',
    "const re = /\\/\\/ not a comment/;",
    '// import { z } from "./commented.ts";',
    'const s = "// not a comment either"; import { y } from "./after_string.ts";',
  ].join("\n");
  assert.deepEqual(importSpecifiers(source), [
    { specifier: "./a.ts", typeOnly: true },
    { specifier: "./b.ts", typeOnly: true },
    { specifier: "./d.ts", typeOnly: false },
    { specifier: "./e.ts", typeOnly: false },
    { specifier: "./side.ts", typeOnly: false },
    { specifier: "./lazy.ts", typeOnly: false },
    { specifier: "./worker.ts", typeOnly: false },
    { specifier: "./after_string.ts", typeOnly: false },
  ]);
  assert.equal(codeOnly("a /* b */ c").trim().replace(/\s+/g, " "), "a c");
});

// The real tree: passes once every module sits in its layer (docs/architecture.md).
Deno.test("layers: the repository passes", () => {
  const found = checkLayers(ROOT).map((v) => v.message);
  assert.deepEqual(found, []);
});
