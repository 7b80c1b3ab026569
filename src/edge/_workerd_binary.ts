/**
 * Where workerd's binary is: the npm package `workerd` ships it in the platform package
 * `@cloudflare/workerd-<os>-<arch>`, which `deno cache npm:workerd@VERSION` fetches. Apart from
 * ./workerd.ts so that ./_workerd_launch.ts can use it without importing what starts it.
 *
 * @module
 */

/** The workerd release the bundle is built and tested for. */
export const WORKERD_VERSION = "1.20261117.1";

/** Where Deno keeps npm packages (`deno info --json`). */
function npmCache(): string | null {
  try {
    const out = new Deno.Command(Deno.execPath(), {
      args: ["info", "--json"],
      stdout: "piped",
      stderr: "null",
      stdin: "null",
    }).outputSync();
    return JSON.parse(new TextDecoder().decode(out.stdout)).npmCache ?? null;
  } catch {
    // Not allowed to run Deno (e.g. the test tasks' grant list): Deno's documented default.
    const env = (name: string) => Deno.env.get(name);
    const home = env("HOME");
    const denoDir = env("DENO_DIR") ??
      (Deno.build.os === "darwin"
        ? home && `${home}/Library/Caches/deno`
        : (env("XDG_CACHE_HOME") ?? (home && `${home}/.cache`)) + "/deno");
    return denoDir ? `${denoDir}/npm` : null;
  }
}

/**
 * Path of the workerd binary in Deno's npm cache, or null when it is not there.
 *
 * @example
 * ```ts
 * import { workerdBinary } from "./workerd.ts";
 * console.log(workerdBinary() ?? "run: deno cache npm:workerd@1.20261117.1");
 * ```
 */
export function workerdBinary(): string | null {
  const os = { linux: "linux", darwin: "darwin", windows: "windows" }[Deno.build.os as string];
  const arch = { x86_64: "64", aarch64: "arm64" }[Deno.build.arch];
  const cache = npmCache();
  if (!os || !arch || !cache) return null;
  const exe = os === "windows" ? "workerd.exe" : "workerd";
  const path =
    `${cache}/registry.npmjs.org/@cloudflare/workerd-${os}-${arch}/${WORKERD_VERSION}/bin/${exe}`;
  try {
    return Deno.statSync(path).isFile ? path : null;
  } catch {
    return null;
  }
}
