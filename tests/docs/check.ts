/**
 * The documentation check: `deno doc --lint` over every entry point in deno.json's `exports`
 * (the root module and each subpath), failing on every diagnostic about this repository's
 * code — a public symbol without JSDoc, an exported const or function without an explicit
 * type, a public type that refers to one of our types the entry points do not export.
 *
 * Two kinds of diagnostic are dropped, both about code that is not ours, which Deno 2.9's doc
 * linter reports although nothing here can fix them:
 *
 * - diagnostics located in a dependency (an npm package in Deno's cache): exporting `tf`
 *   makes the linter walk the whole tfjs namespace and report its undocumented symbols;
 * - `private-type-ref` where the referenced type is declared in a dependency (`tf.Tensor`,
 *   `tf.LayersModel`, zod's `output`): Deno reports types of other packages as private
 *   (denoland/deno#27364, fixed upstream by denoland/deno#34339);
 * - `missing-jsdoc` on a dependency's namespace re-exported whole (`tf`, documented in
 *   src/backend/tf.ts), whose JSDoc the linter loses when the namespace is re-exported by
 *   name.
 *
 * It reads the report on stdin, so that it needs no permission to run processes:
 *
 * ```sh
 * deno doc --lint mod.ts src/…/mod.ts … 2>&1 | deno run --allow-read tests/docs/check.ts [root]
 * ```
 *
 * (`deno task check` does this with every entry point of deno.json's `exports`, which
 * tests/docs/check_test.ts keeps in step.) It exits with 1 when a diagnostic is left.
 *
 * @example Keep only the diagnostics about our own code
 * ```ts
 * import { ownDiagnostics, parseDocLint } from "./check.ts";
 * const output = "error[missing-jsdoc]: exported symbol is missing JSDoc documentation\n" +
 *   "  --> /repo/src/a.ts:3:1\n";
 * ownDiagnostics(parseDocLint(output), "/repo", new Set()).length; // 1
 * ```
 *
 * @module
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * A dependency's namespace re-exported whole (`export * as tf from "npm:…"`): the linter
 * loses the JSDoc of such a namespace when another module re-exports it by name, although
 * `deno doc` shows it.
 */
const DEPENDENCY_NAMESPACE = /^(export|import) \* as \w+ from "npm:/;

/** One diagnostic of `deno doc --lint`. */
export interface DocDiagnostic {
  /** The lint's code, e.g. `missing-jsdoc` or `private-type-ref`. */
  code: string;
  /** The file the diagnostic is about (an absolute path). */
  file: string;
  /** The source line the diagnostic points at. */
  line: string;
  /** For `private-type-ref`: the source line declaring the referenced type. */
  referenced: string | null;
  /** The diagnostic as `deno doc` printed it. */
  text: string;
}

/**
 * Splits the (uncoloured) output of `deno doc --lint` into its diagnostics.
 *
 * @example
 * ```ts
 * import { parseDocLint } from "./check.ts";
 * const [d] = parseDocLint(
 *   "error[missing-jsdoc]: exported symbol is missing JSDoc documentation\n  --> /r/a.ts:3:1\n",
 * );
 * d.code; // "missing-jsdoc"
 * ```
 */
export function parseDocLint(output: string): DocDiagnostic[] {
  const blocks = output.split(/\n(?=error\[)/).filter((b) => /^error\[/.test(b.trimStart()));
  return blocks.map((block) => {
    const text = block.trim();
    const code = /^error\[([^\]]+)\]/.exec(text)?.[1] ?? "";
    const file = /-->\s+(.+?):\d+:\d+/.exec(text)?.[1] ?? "";
    const lines = text.split("\n");
    const at = lines.findIndex((l) => /^\s*-->/.test(l));
    const snippet = lines.slice(at + 1).map((l) => /^\s*\d+\s*\|\s?(.*)$/.exec(l)).find(Boolean);
    const line = snippet ? snippet[1].trim() : "";
    const marker = lines.findIndex((l) => l.includes("this is the referenced type"));
    const declaration = marker > 0 ? /^\s*\d+\s*\|\s?(.*)$/.exec(lines[marker - 1]) : null;
    return { code, file, line, referenced: declaration ? declaration[1].trim() : null, text };
  });
}

/**
 * The diagnostics about this repository's code: located under `root`, and for
 * `private-type-ref` only when the referenced type is declared in one of `sourceLines` (the
 * trimmed lines of our own source files).
 *
 * @example
 * ```ts
 * import { ownDiagnostics } from "./check.ts";
 * const external = {
 *   code: "private-type-ref",
 *   file: "/repo/src/a.ts",
 *   line: "export function build(): tf.LayersModel {",
 *   referenced: "export declare class LayersModel extends Container {",
 *   text: "",
 * };
 * ownDiagnostics([external], "/repo", new Set()).length; // 0
 * ```
 */
export function ownDiagnostics(
  diagnostics: readonly DocDiagnostic[],
  root: string,
  sourceLines: ReadonlySet<string>,
): DocDiagnostic[] {
  const base = resolve(root) + "/";
  return diagnostics.filter((d) => {
    if (!d.file.startsWith(base)) return false;
    if (d.code === "missing-jsdoc" && DEPENDENCY_NAMESPACE.test(d.line)) return false;
    if (d.code === "private-type-ref" && d.referenced !== null) {
      return sourceLines.has(d.referenced);
    }
    return true;
  });
}

/** The trimmed lines of every `.ts` file under `dirs` (relative to `root`). */
async function sourceLinesOf(root: string, dirs: readonly string[]): Promise<Set<string>> {
  const lines = new Set<string>();
  const walk = async (path: string): Promise<void> => {
    const info = await Deno.stat(path);
    if (info.isFile) {
      if (path.endsWith(".ts")) {
        for (const line of (await Deno.readTextFile(path)).split("\n")) lines.add(line.trim());
      }
      return;
    }
    for await (const entry of Deno.readDir(path)) await walk(join(path, entry.name));
  };
  for (const dir of dirs) await walk(join(root, dir));
  return lines;
}

/** The entry points deno.json exports, as paths relative to its folder. */
export async function entryPoints(root: string): Promise<string[]> {
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json")));
  const exports = config.exports;
  return typeof exports === "string" ? [exports] : Object.values(exports as Record<string, string>);
}

/**
 * The diagnostics about the code in `root` among the output of `deno doc --lint` (empty:
 * the documentation is complete). Output that is not a lint report (a module that fails
 * to load) is an error.
 *
 * @example
 * ```ts
 * import { checkDocs } from "./check.ts";
 * const left = await checkDocs(".", "error: Found 0 documentation lint errors.\n");
 * left.length; // 0
 * ```
 */
export async function checkDocs(root: string, output: string): Promise<DocDiagnostic[]> {
  const failure = output.split("\n").find((l) =>
    l.startsWith("error:") && !/^error: Found \d+ documentation lint errors?\.$/.test(l.trim())
  );
  if (failure) throw new Error(`deno doc --lint failed: ${failure}`);
  const sources = await sourceLinesOf(root, ["src", "mod.ts", "cli.ts", "server.ts"]);
  return ownDiagnostics(parseDocLint(output), root, sources);
}

if (import.meta.main) {
  const root = Deno.args[0] ?? fileURLToPath(new URL("../../", import.meta.url));
  // deno-lint-ignore no-control-regex -- the report may come coloured
  const output = (await new Response(Deno.stdin.readable).text()).replace(/\x1b\[[0-9;]*m/g, "");
  const left = await checkDocs(root, output);
  for (const d of left) console.error(d.text + "\n");
  if (left.length > 0) {
    console.error(`${left.length} documentation problem(s) in the exported API`);
    Deno.exit(1);
  }
}
