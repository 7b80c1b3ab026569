/**
 * The layering check (docs/architecture.md): parses the imports of every `.ts` file under
 * `src/` and `kernels/` and of the entry points (`mod.ts`, `cli.ts`, `server.ts`), and
 * reports, one line each,
 *
 * - `wrong-way`: a file imports from a layer above its own (see {@linkcode LAYERS});
 * - `private`: a `_name.ts` file (or anything under a `_name/` folder) is imported from
 *   outside the folder that holds it;
 * - `cycle`: layers import each other in a circle, or files do (at run time: imports of
 *   types only are erased and cannot form a run-time cycle);
 * - `unknown-layer`: a file lives in a folder of `src/` that is not in {@linkcode LAYERS};
 * - `missing`: a relative import names a file that does not exist.
 *
 * Run it as `deno run --allow-read tests/layers/check.ts [root]` (root defaults to the
 * repository this file lives in); it exits with 1 when anything is reported.
 *
 * @example Check a tree from code
 * ```ts
 * import { checkLayers } from "./check.ts";
 * const violations = await checkLayers(".");
 * for (const v of violations) console.log(v.message);
 * ```
 *
 * @module
 */
import { dirname, join, normalize, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { codeOnly, type ImportSpecifier, importSpecifiers } from "./_imports.ts";
export { codeOnly, type ImportSpecifier, importSpecifiers };

/**
 * The layers of `src/`, top to bottom: a layer may import from itself and from the layers
 * after it, never from those before it. The entry points (`mod.ts`, `cli.ts`, `server.ts`)
 * sit above every layer; `kernels/` (AssemblyScript sources, the build script and the
 * generated modules) sits below every layer and imports nothing from `src/`.
 */
export const LAYERS: readonly string[] = [
  "studies",
  "experiment",
  "edge",
  "serve",
  "train",
  "analysis",
  "models",
  "ops",
  "tasks",
  "biology",
  "linalg",
  "stimuli",
  "io",
  "cli",
  "backend",
  "util",
];

/** The top-level files that wire the library together; they may import any layer. */
export const ENTRY_POINTS: readonly string[] = ["mod.ts", "cli.ts", "server.ts"];

/** What the check found wrong with one import (or one cycle of folders). */
export interface Violation {
  /** The rule broken. */
  kind: "wrong-way" | "private" | "cycle" | "unknown-layer" | "missing";
  /** The importing file, relative to the root, with `/` separators. */
  file: string;
  /** The imported file (for a cycle: the layers or files of the cycle joined by ` → `). */
  target: string;
  /** One line saying what is wrong, naming both ends. */
  message: string;
}

/** One relative import of a file, resolved against the root. */
export interface ImportEdge {
  /** The importing file, relative to the root. */
  from: string;
  /** The imported file, relative to the root. */
  to: string;
  /** Whether only types are imported. */
  typeOnly: boolean;
}

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

function listTs(root: string, dir: string, into: string[]): void {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(join(root, dir))];
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = dir === "" ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) listTs(root, path, into);
    } else if (entry.isFile && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) {
      into.push(path);
    }
  }
}

/** The files the check reads: every `.ts` file under `src/` and `kernels/`, and the entry
 * points that exist, relative to the root. */
export function checkedFiles(root: string): string[] {
  const files: string[] = [];
  for (const entry of ENTRY_POINTS) {
    try {
      if (Deno.statSync(join(root, entry)).isFile) files.push(entry);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  listTs(root, "src", files);
  listTs(root, "kernels", files);
  return files;
}

/** The relative imports of the checked files, resolved to paths relative to the root
 * (imports that leave the root, and package imports, are left out). */
export function importEdges(root: string, files: string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of files) {
    const source = Deno.readTextFileSync(join(root, from));
    for (const { specifier, typeOnly } of importSpecifiers(source)) {
      if (!specifier.startsWith("./") && !specifier.startsWith("../")) continue;
      let to = toPosix(normalize(join(dirname(from), specifier.split(/[?#]/)[0])));
      if (to.startsWith("../")) continue;
      // AssemblyScript sources import without an extension.
      if (!/\.[a-z]+$/.test(to) && isFile(join(root, `${to}.ts`))) to = `${to}.ts`;
      edges.push({ from, to, typeOnly });
    }
  }
  return edges;
}

/** The layer a file belongs to: `entry` for the entry points, a name from
 * {@linkcode LAYERS} for `src/<layer>/…`, `kernels` for `kernels/…`; undefined for any
 * other file (data such as `deno.json`, tests, benchmarks). */
export function layerOf(file: string): string | undefined {
  if (ENTRY_POINTS.includes(file)) return "entry";
  const parts = file.split("/");
  if (parts[0] === "kernels") return "kernels";
  if (parts[0] === "src" && parts.length > 2) return parts[1];
  if (parts[0] === "src") return "src";
  return undefined;
}

/** A layer's rank: 0 for the entry points, 1… for {@linkcode LAYERS} in order, then
 * `kernels`; undefined for an unknown layer. */
function rank(layer: string): number | undefined {
  if (layer === "entry") return 0;
  if (layer === "kernels") return LAYERS.length + 1;
  const index = LAYERS.indexOf(layer);
  return index < 0 ? undefined : index + 1;
}

/** The folder a private path is private to, if it is private: for `a/_b.ts` and for
 * `a/_b/c.ts`, the folder `a` (the innermost `_` part decides). */
export function privateScope(file: string): string | undefined {
  const parts = file.split("/");
  let index = -1;
  parts.forEach((part, k) => {
    if (part.startsWith("_")) index = k;
  });
  return index < 0 ? undefined : parts.slice(0, index).join("/");
}

/** Whether `file` may import `target`: a private file or folder only from the folder that
 * holds it and that folder's subfolders (a subfolder is part of its parent; a sibling or a
 * parent folder is not). */
function mayImport(file: string, target: string): boolean {
  const scope = privateScope(target);
  if (scope === undefined || scope === "") return true;
  return file.startsWith(`${scope}/`);
}

/** The cycles of a directed graph: its strongly connected groups of two or more nodes,
 * each written as a shortest path from the group's first node back to itself. */
export function findCycles(graph: Map<string, Set<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const next = (v: string) => [...(graph.get(v) ?? [])].sort();
  let counter = 0;
  // Tarjan's algorithm (the graphs here are a few hundred nodes: recursion is fine).
  const visit = (v: string) => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return components.map((component) => {
    const members = new Set(component);
    const start = component[0];
    const previous = new Map<string, string>();
    const queue = [start];
    let last: string | undefined;
    while (queue.length > 0 && last === undefined) {
      const v = queue.shift()!;
      for (const w of next(v)) {
        if (!members.has(w)) continue;
        if (w === start) {
          last = v;
          break;
        }
        if (!previous.has(w)) {
          previous.set(w, v);
          queue.push(w);
        }
      }
    }
    const path = [start];
    for (let v = last!; v !== start; v = previous.get(v)!) path.splice(1, 0, v);
    path.push(start);
    return path;
  });
}

function addEdge(graph: Map<string, Set<string>>, a: string, b: string): void {
  if (!graph.has(a)) graph.set(a, new Set());
  graph.get(a)!.add(b);
}

/** Runs every rule over the tree at `root` and returns what it found, sorted by file. */
export function checkLayers(root: string): Violation[] {
  const files = checkedFiles(root);
  const checked = new Set(files);
  const edges = importEdges(root, files);
  const violations: Violation[] = [];
  const report = (kind: Violation["kind"], file: string, target: string, message: string) =>
    violations.push({ kind, file, target, message: `${kind}: ${message}` });
  for (const file of files) {
    const layer = layerOf(file)!;
    if (rank(layer) === undefined) {
      report(
        "unknown-layer",
        file,
        layer,
        `${file} is in src/${layer}/, which is not a layer (${LAYERS.join(" > ")})`,
      );
    }
  }
  const layerGraph = new Map<string, Set<string>>();
  const fileGraph = new Map<string, Set<string>>();
  for (const { from, to, typeOnly } of edges) {
    if (!isFile(join(root, to))) {
      report("missing", from, to, `${from} imports ${to}, which does not exist`);
      continue;
    }
    if (!checked.has(to)) continue; // data (deno.json) and files outside src/ and kernels/
    const source = layerOf(from)!;
    const target = layerOf(to)!;
    const a = rank(source);
    const b = rank(target);
    if (a !== undefined && b !== undefined && b < a) {
      report("wrong-way", from, to, `${from} (${source}) imports ${to} (${target}), a layer above`);
    }
    if (!mayImport(from, to)) {
      report("private", from, to, `${from} imports ${to}, private to ${privateScope(to)}/`);
    }
    if (source !== target) addEdge(layerGraph, source, target);
    if (!typeOnly) addEdge(fileGraph, from, to);
  }
  const link = (a: string, b: string, inLayer: boolean) => {
    const edge = edges.find((e) =>
      inLayer ? layerOf(e.from) === a && layerOf(e.to) === b : e.from === a && e.to === b
    )!;
    return `${edge.from} imports ${edge.to}`;
  };
  for (const [graph, inLayer] of [[layerGraph, true], [fileGraph, false]] as const) {
    for (const cycle of findCycles(graph)) {
      const links = cycle.slice(1).map((b, k) => link(cycle[k], b, inLayer));
      const what = inLayer ? "layers" : "files";
      report(
        "cycle",
        cycle[0],
        cycle.join(" → "),
        `${what} ${cycle.join(" → ")}${inLayer ? ` (${links.join("; ")})` : ""}`,
      );
    }
  }
  return violations.sort((x, y) => x.file.localeCompare(y.file) || x.kind.localeCompare(y.kind));
}

if (import.meta.main) {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(Deno.args[0] ?? join(here, "..", ".."));
  const violations = checkLayers(root);
  for (const violation of violations) console.log(violation.message);
  if (violations.length > 0) {
    console.error(
      `layers: ${violations.length} violation(s) in ${relative(Deno.cwd(), root) || "."}`,
    );
    Deno.exit(1);
  }
  console.error(`layers: ok (${checkedFiles(root).length} files)`);
}
