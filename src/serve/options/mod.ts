/**
 * Server settings: defaults, `deno task serve` flags and environment variables, so that
 * `deno serve server.ts` (flags not available) can be configured the same way.
 */
import { type Flags, parseFlags } from "../../cli/command.ts";
import { InputError } from "../../util/errors.ts";
import { numberFlag } from "../../cli/command.ts";

/** Everything the app needs to know; every field has a default. */
export interface ServeOptions {
  /** Folder with one sub-folder per model checkpoint (or a checkpoint folder itself). */
  models?: string;
  /** JSON config listing `{ "models": [{ "name"?, "url" }] }` (file path or URL). */
  config?: string;
  /** Bearer token required on everything but /health. */
  token?: string;
  /** Origins allowed to call from a browser (CORS), or `*`; none by default. */
  cors?: string[];
  /** Largest request body in bytes (413 above). */
  bodyLimit: number;
  /** Largest number of rows stacked into one predict batch (1 disables batching). */
  maxBatch: number;
  /** Longest time a request waits for others to join its batch, in ms. */
  batchWaitMs: number;
  /** Requests queued per model beyond which new ones get 503 + Retry-After. */
  maxQueue: number;
  /** Per-request timeout in ms (504 after). */
  timeoutMs: number;
  /** Longest wait for a request's headers in ms (slow clients); 0: no guard. */
  headerTimeoutMs: number;
  /** Longest silence on a kept-alive connection between requests, in ms. */
  idleTimeoutMs: number;
  /** Upper bound on size × size × frames for POST /v1/waves. */
  maxWaveVoxels: number;
  /** tfjs backend choice. */
  backend: "auto" | "wasm" | "cpu" | "webgpu";
  /** What this build leaves out, and why (an edge build: threads, ffmpeg, training); /health lists it. */
  omitted?: string[];
}

/** Defaults used when neither a flag nor a variable says otherwise. */
export const DEFAULTS: ServeOptions = {
  bodyLimit: 8 * 1024 * 1024,
  maxBatch: 32,
  batchWaitMs: 4,
  maxQueue: 256,
  timeoutMs: 30_000,
  headerTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  maxWaveVoxels: 64 * 64 * 256,
  backend: "auto",
};

/** Command-line flags of `deno task serve`. */
export const SERVE_FLAGS = {
  port: { type: "string", description: "port to listen on (default 8000; env PORT)" },
  hostname: { type: "string", description: "address to bind (default 127.0.0.1)" },
  models: { type: "string", description: "checkpoints at any depth (env PREVISION_MODELS)" },
  config: { type: "string", description: "JSON config listing model URLs (env PREVISION_CONFIG)" },
  token: {
    type: "string",
    description:
      "require this bearer token (visible in ps: prefer --token-file or PREVISION_TOKEN)",
  },
  "token-file": {
    type: "string",
    description: "read the bearer token from this file (env PREVISION_TOKEN_FILE)",
  },
  cors: {
    type: "string",
    description: "origins allowed from browsers, comma-separated, or * (env PREVISION_CORS)",
  },
  "body-limit": { type: "string", description: "largest request body in bytes (default 8 MiB)" },
  "max-batch": { type: "string", description: "rows per predict batch; 1 disables batching (32)" },
  "batch-wait": { type: "string", description: "ms a request waits for its batch to fill (4)" },
  "max-queue": { type: "string", description: "queued requests per model before 503 (256)" },
  timeout: { type: "string", description: "request timeout in ms (30000)" },
  "header-timeout": {
    type: "string",
    description: "ms a client has to send its request headers, then 408 (10000; 0: off)",
  },
  "idle-timeout": {
    type: "string",
    description: "ms an idle kept-alive connection stays open (30000)",
  },
} as const;

function env(name: string): string | undefined {
  try {
    return Deno.env.get(name) || undefined;
  } catch {
    return undefined;
  }
}

/** Parsed flags plus where to listen. */
export interface ServeArgs {
  /** The server's settings. */
  options: ServeOptions;
  /** Port to listen on. */
  port: number;
  /** Address to listen on. */
  hostname: string;
  /** The file the token was read from (the launcher grants reading it). */
  tokenFile?: string;
}

/**
 * Reads flags (argv) and environment variables (`PREVISION_MODELS`, `PREVISION_CONFIG`,
 * `PREVISION_TOKEN`, `PREVISION_MAX_BATCH`, `PORT`, …); flags win. Bad values → InputError.
 */
export function parseServeArgs(argv: string[]): ServeArgs {
  const { flags, positionals } = parseFlags(argv, { ...SERVE_FLAGS }, "serve");
  if (positionals.length) throw new InputError(`serve: unexpected argument '${positionals[0]}'`);
  return serveArgsFromFlags(flags);
}

/**
 * {@link parseServeArgs} after the parsing: flags by name (without `--`, values as strings),
 * completed from the environment and checked. For hosts without `node:util`'s parseArgs (an
 * edge worker passes its bindings as flags).
 *
 * @example
 * ```ts
 * import { serveArgsFromFlags } from "@prevision/prevision/serve";
 * console.log(serveArgsFromFlags({ "max-batch": "8" }).options.maxBatch); // 8
 * ```
 */
export function serveArgsFromFlags(given: Flags): ServeArgs {
  const flags: Flags = { ...given };
  const pick = (flag: string, variable: string) => {
    const v = flags[flag] ?? env(variable);
    if (v !== undefined) flags[flag] = v as string;
  };
  pick("port", "PORT");
  pick("max-batch", "PREVISION_MAX_BATCH");
  pick("batch-wait", "PREVISION_BATCH_WAIT");
  pick("max-queue", "PREVISION_MAX_QUEUE");
  pick("body-limit", "PREVISION_BODY_LIMIT");
  pick("timeout", "PREVISION_TIMEOUT");
  pick("header-timeout", "PREVISION_HEADER_TIMEOUT");
  pick("idle-timeout", "PREVISION_IDLE_TIMEOUT");
  const backend = (flags.backend as string | undefined) ?? env("PREVISION_BACKEND") ?? "auto";
  if (!["auto", "wasm", "cpu", "webgpu"].includes(backend)) {
    throw new InputError(`serve: unknown backend '${backend}'`);
  }
  const tokenFile = (flags["token-file"] as string | undefined) ?? env("PREVISION_TOKEN_FILE");
  let token = (flags.token as string | undefined) ?? env("PREVISION_TOKEN");
  if (tokenFile !== undefined) {
    if (token !== undefined) throw new InputError("serve: give --token or --token-file, not both");
    try {
      token = Deno.readTextFileSync(tokenFile).trim();
    } catch (error) {
      throw new InputError(`serve: --token-file ${tokenFile}: ${(error as Error).message}`);
    }
    if (!token) throw new InputError(`serve: --token-file ${tokenFile} is empty`);
  }
  const corsText = (flags.cors as string | undefined) ?? env("PREVISION_CORS");
  const cors = corsText?.split(",").map((o) => o.trim()).filter((o) => o !== "");
  for (const origin of cors ?? []) {
    if (origin !== "*" && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new InputError(`serve: --cors origin '${origin}' is not scheme://host[:port] or *`);
    }
  }
  const options: ServeOptions = {
    models: (flags.models as string | undefined) ?? env("PREVISION_MODELS"),
    config: (flags.config as string | undefined) ?? env("PREVISION_CONFIG"),
    token,
    ...(cors?.length ? { cors } : {}),
    bodyLimit: numberFlag(flags, "body-limit", DEFAULTS.bodyLimit, { min: 1024, integer: true }),
    maxBatch: numberFlag(flags, "max-batch", DEFAULTS.maxBatch, {
      min: 1,
      max: 1024,
      integer: true,
    }),
    batchWaitMs: numberFlag(flags, "batch-wait", DEFAULTS.batchWaitMs, { min: 0, max: 1000 }),
    maxQueue: numberFlag(flags, "max-queue", DEFAULTS.maxQueue, { min: 1, integer: true }),
    timeoutMs: numberFlag(flags, "timeout", DEFAULTS.timeoutMs, { min: 1, integer: true }),
    headerTimeoutMs: numberFlag(flags, "header-timeout", DEFAULTS.headerTimeoutMs, {
      min: 0,
      integer: true,
    }),
    idleTimeoutMs: numberFlag(flags, "idle-timeout", DEFAULTS.idleTimeoutMs, {
      min: 1,
      integer: true,
    }),
    maxWaveVoxels: DEFAULTS.maxWaveVoxels,
    backend: backend as ServeOptions["backend"],
  };
  const port = numberFlag(flags, "port", 8000, { min: 0, max: 65535, integer: true });
  const hostname = (flags.hostname as string | undefined) ?? "127.0.0.1";
  return { options, port, hostname, ...(tokenFile ? { tokenFile } : {}) };
}
