/** The minimal Deno permission flags for one server configuration (used by launch.ts). */
import type { ServeArgs } from "./options/mod.ts";
import { configSources } from "./sources/mod.ts";
import { GPU_DEVICE_NODES } from "../backend/gpu_device.ts";

/** Environment variables the server reads. */
export const SERVE_ENV = [
  "PORT",
  "PREVISION_MODELS",
  "PREVISION_CONFIG",
  "PREVISION_TOKEN",
  "PREVISION_TOKEN_FILE",
  "PREVISION_CORS",
  "PREVISION_BACKEND",
  "PREVISION_MAX_BATCH",
  "PREVISION_BATCH_WAIT",
  "PREVISION_MAX_QUEUE",
  "PREVISION_BODY_LIMIT",
  "PREVISION_TIMEOUT",
  "PREVISION_HEADER_TIMEOUT",
  "PREVISION_IDLE_TIMEOUT",
  "PREVISION_SOCKET_DIR",
  "PREVISION_DEBUG",
  // The WebGPU probe quiets the graphics stack through these (src/backend/webgpu.ts).
  "XDG_RUNTIME_DIR",
  "NODEVICE_SELECT",
];

async function npmCache(): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
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

/**
 * A fresh folder path for the slow-client guard's Unix socket (the server creates it), or
 * undefined when the guard is off.
 */
export function guardSocketDir(args: ServeArgs): string | undefined {
  if (args.options.headerTimeoutMs <= 0) return undefined;
  const tmp = (Deno.env.get("TMPDIR") || "/tmp").replace(/\/+$/, "");
  return `${tmp}/prevision-serve-${crypto.randomUUID().slice(0, 8)}`;
}

/** `--allow-read=…`, `--allow-net=…`, `--allow-env=…` for these settings. */
export async function permissionFlags(args: ServeArgs, socketDir?: string): Promise<string[]> {
  const { options, port, hostname } = args;
  const read: string[] = [
    `${await npmCache()}/registry.npmjs.org/@tensorflow/tfjs-backend-wasm/4.22.0/dist`,
    new URL("./playground/", import.meta.url).pathname,
    // A worker's module graph is loaded under read permission: the wave worker's code and the
    // kernel threads' (not the rest of src/, which the server has no business reading).
    ...["./waves", "../stimuli", "../util", "../backend/wasm", "../backend/wasm_modules.ts"].map((
      p,
    ) => new URL(p, import.meta.url).pathname),
    new URL("../../kernels", import.meta.url).pathname,
  ];
  const net = [`${hostname}:${port}`];
  if (options.models) read.push(absolute(options.models));
  const tokenFile = args.tokenFile;
  if (tokenFile) read.push(absolute(tokenFile));
  if (options.config) {
    if (/^https?:\/\//.test(options.config)) net.push(hostOf(options.config));
    else {
      read.push(absolute(options.config));
      try {
        // Entries resolve as the server resolves them: paths relative to the config file.
        for (const { source } of await configSources(options.config)) {
          if (/^https?:\/\//.test(source)) net.push(hostOf(source));
          else read.push(source);
        }
      } catch { /* the server reports a bad config itself */ }
    }
  }
  // The backend looks for a GPU's device nodes (stat only) before probing WebGPU.
  read.push(...GPU_DEVICE_NODES);
  // The slow-client guard relays to the HTTP server over a Unix socket in its own folder.
  if (socketDir) read.push(socketDir);
  if (socketDir) net.push(`unix:${socketDir}/http.sock`);
  return [
    `--allow-read=${read.join(",")}`,
    ...(socketDir ? [`--allow-write=${socketDir}`] : []),
    `--allow-net=${net.join(",")}`,
    `--allow-env=${SERVE_ENV.join(",")}`,
  ];
}
