/** The minimal Deno permission flags for one server configuration (used by launch.ts). */
import type { ServeArgs } from "./options/mod.ts";

/** Environment variables the server reads. */
export const SERVE_ENV = [
  "PORT",
  "PREVISION_MODELS",
  "PREVISION_CONFIG",
  "PREVISION_TOKEN",
  "PREVISION_BACKEND",
  "PREVISION_MAX_BATCH",
  "PREVISION_BATCH_WAIT",
  "PREVISION_MAX_QUEUE",
  "PREVISION_BODY_LIMIT",
  "PREVISION_TIMEOUT",
  "PREVISION_DEBUG",
];

async function npmCache(): Promise<string> {
  const out = await new Deno.Command("deno", {
    args: ["info", "--json"],
    stdout: "piped",
    stderr: "null",
  })
    .output();
  return JSON.parse(new TextDecoder().decode(out.stdout)).npmCache as string;
}

function absolute(path: string): string {
  return path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
}

function hostOf(url: string): string {
  const u = new URL(url);
  return u.port ? `${u.hostname}:${u.port}` : `${u.hostname}:${u.protocol === "https:" ? 443 : 80}`;
}

/** `--allow-read=…`, `--allow-net=…`, `--allow-env=…` for these settings. */
export async function permissionFlags(args: ServeArgs): Promise<string[]> {
  const { options, port, hostname } = args;
  const read: string[] = [
    `${await npmCache()}/registry.npmjs.org/@tensorflow/tfjs-backend-wasm/4.22.0/dist`,
    new URL("./playground/", import.meta.url).pathname,
    // A worker's module graph is loaded under read permission: the wave worker's code.
    new URL("../", import.meta.url).pathname.replace(/\/$/, ""),
    new URL("../../kernels", import.meta.url).pathname,
  ];
  const net = [`${hostname}:${port}`];
  if (options.models) read.push(absolute(options.models));
  if (options.config) {
    if (/^https?:\/\//.test(options.config)) net.push(hostOf(options.config));
    else {
      read.push(absolute(options.config));
      try {
        const config = JSON.parse(await Deno.readTextFile(options.config));
        for (const m of config.models ?? []) {
          if (typeof m.url === "string" && /^https?:\/\//.test(m.url)) net.push(hostOf(m.url));
          if (typeof m.path === "string") read.push(absolute(m.path));
        }
      } catch { /* the server reports a bad config itself */ }
    }
  }
  return [
    `--allow-read=${read.join(",")}`,
    `--allow-net=${net.join(",")}`,
    `--allow-env=${SERVE_ENV.join(",")}`,
  ];
}
