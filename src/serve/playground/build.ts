/**
 * Bundles the playground (app.ts and the toolkit code it uses, tfjs included) for browsers
 * with `deno bundle`, and copies tfjs's .wasm binaries from the npm package beside it.
 * Output: src/serve/playground/dist/ (not committed). Skips work when the bundle is newer
 * than every source file under src/ and kernels/generated/.
 */
const HERE = new URL("./", import.meta.url).pathname;
const ROOT = new URL("../../../", import.meta.url).pathname;
const WASM_FILES = [
  "tfjs-backend-wasm.wasm",
  "tfjs-backend-wasm-simd.wasm",
  "tfjs-backend-wasm-threaded-simd.wasm",
];

/** Where the bundle goes. */
export const DIST = `${HERE}dist`;

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for await (const entry of Deno.readDir(dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory && entry.name !== "dist") {
      newest = Math.max(newest, await newestSource(path));
    } else if (entry.isFile && /\.(ts|html)$/.test(entry.name)) {
      newest = Math.max(newest, (await Deno.stat(path)).mtime?.getTime() ?? 0);
    }
  }
  return newest;
}

async function mtime(path: string): Promise<number> {
  try {
    return (await Deno.stat(path)).mtime?.getTime() ?? 0;
  } catch {
    return 0;
  }
}

async function npmCache(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  })
    .output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).npmCache;
}

/** Builds the bundle unless it is up to date; returns whether it built. */
export async function buildPlayground(force = false): Promise<boolean> {
  const bundle = `${DIST}/app.js`;
  const sources = Math.max(
    await newestSource(`${ROOT}src`),
    await newestSource(`${ROOT}kernels/generated`),
  );
  if (
    !force && (await mtime(bundle)) > sources && (await mtime(`${DIST}/wasm/${WASM_FILES[1]}`)) > 0
  ) {
    return false;
  }
  await Deno.mkdir(`${DIST}/wasm`, { recursive: true });
  const tmp = `${bundle}.tmp-${Deno.pid}`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--platform",
      "browser",
      "--minify",
      "--config",
      `${ROOT}deno.json`,
      "-o",
      tmp,
      `${HERE}app.ts`,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) {
    await Deno.remove(tmp).catch(() => {});
    throw new Error(`deno bundle failed:\n${new TextDecoder().decode(out.stderr).slice(-3000)}`);
  }
  await Deno.rename(tmp, bundle);
  const dist = `${await npmCache()}/registry.npmjs.org/@tensorflow/tfjs-backend-wasm/4.22.0/dist`;
  for (const file of WASM_FILES) await Deno.copyFile(`${dist}/${file}`, `${DIST}/wasm/${file}`);
  return true;
}

if (import.meta.main) {
  const built = await buildPlayground(Deno.args.includes("--force"));
  console.error(built ? `playground: built ${DIST}/app.js` : "playground: up to date");
}
