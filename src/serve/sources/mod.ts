/**
 * Where a server's models come from: every checkpoint folder below a models folder, at any
 * depth, each named from its path, and the entries of a JSON config (URLs, or paths relative
 * to the config file). Free of tfjs, so that the launcher can check a folder and work out the
 * server's read and net permissions before starting it.
 *
 * @module
 */

/** One model to load: its checkpoint folder (a path or URL) and, when decided here, its name. */
export interface ModelSource {
  /** The serving name; absent: the manifest's name, else the folder's name. */
  name?: string;
  /** Absolute path or http(s) URL of the checkpoint folder. */
  source: string;
}

/** How deep below the models folder checkpoints are looked for. */
const MAX_DEPTH = 8;

/**
 * The serving name of the checkpoint folder at `relative` below the models folder: its path's
 * segments joined by `-`, without a leading `train` (where `deno task train` writes a run's
 * main models), with characters other than letters, digits, `.`, `_` and `-` replaced by `_`.
 *
 * @example
 * ```ts
 * checkpointName("train/seed1-fold1/directional/best"); // "seed1-fold1-directional-best"
 * checkpointName("pretrain/directional-seed1/final"); // "pretrain-directional-seed1-final"
 * ```
 */
export function checkpointName(relative: string): string {
  const parts = relative.split(/[\\/]+/).filter((p) => p !== "" && p !== ".");
  if (parts.length > 1 && parts[0] === "train") parts.shift();
  return parts.join("-").replace(/[^A-Za-z0-9._-]/g, "_");
}

async function isCheckpoint(dir: string): Promise<boolean> {
  try {
    return (await Deno.stat(`${dir}/manifest.json`)).isFile;
  } catch {
    return false;
  }
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await Deno.stat(path)).isDirectory;
  } catch {
    return false;
  }
}

/**
 * Every checkpoint folder (one holding a `manifest.json`) at or below `dir`, sorted by path.
 * `dir` itself being a checkpoint gives just that one, named by its manifest; below it each is
 * named by {@link checkpointName}. Hidden folders (a write in progress) are skipped, and
 * symbolic links are taken as checkpoints but not descended into. Throws when `dir` cannot be
 * read.
 *
 * @example
 * ```ts
 * const found = await findCheckpoints("runs/may2025-quick");
 * console.log(found.map((m) => m.name)); // ["pretrain-directional-seed1-final", …]
 * ```
 */
export async function findCheckpoints(dir: string): Promise<ModelSource[]> {
  const root = dir.replace(/(.)\/+$/, "$1");
  if (await isCheckpoint(root)) return [{ source: root }];
  const found: ModelSource[] = [];
  const walk = async (relative: string, depth: number, top: boolean): Promise<void> => {
    const here = relative ? `${root}/${relative}` : root;
    const entries: Deno.DirEntry[] = [];
    try {
      for await (const entry of Deno.readDir(here)) entries.push(entry);
    } catch (error) {
      if (top) throw error;
      return; // an unreadable sub-folder holds nothing we can serve
    }
    entries.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    for (const entry of entries) {
      if (entry.name.startsWith(".")) continue;
      const path = relative ? `${relative}/${entry.name}` : entry.name;
      const full = `${root}/${path}`;
      if (!entry.isDirectory && !(entry.isSymlink && await isDirectory(full))) continue;
      if (await isCheckpoint(full)) found.push({ name: checkpointName(path), source: full });
      else if (entry.isDirectory && depth < MAX_DEPTH) await walk(path, depth + 1, false);
    }
  };
  await walk("", 1, true);
  return found;
}

/**
 * The models a JSON config lists (`{"models": [{"name"?, "url" | "path"}]}`), each `url` or
 * `path` resolved against the config's own location: a local path relative to the config
 * file's folder, a relative URL against a remote config's URL.
 *
 * @example
 * ```ts
 * const sources = await configSources("deploy/models.json");
 * console.log(sources); // [{ name: "fp", source: "/abs/deploy/checkpoints/fp" }, …]
 * ```
 */
export async function configSources(config: string): Promise<ModelSource[]> {
  const remote = /^https?:\/\//.test(config);
  const text = remote ? await (await fetch(config)).text() : await Deno.readTextFile(config);
  const parsed = JSON.parse(text) as { models?: { name?: string; url?: string; path?: string }[] };
  const base = remote ? config : new URL(config, `file://${Deno.cwd()}/`).href;
  return (parsed.models ?? []).map((m) => {
    const resolved = new URL(m.url ?? m.path ?? "", base);
    return {
      name: m.name,
      source: resolved.protocol === "file:" ? decodeURIComponent(resolved.pathname) : resolved.href,
    };
  });
}
