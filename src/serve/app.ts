/**
 * Builds the Hono app: middleware (metrics, auth, body limit, timeout) and one route module
 * per concern. Each call makes an independent app with its own model registry, batchers and
 * metrics, which is what `deno serve --parallel` needs (one per worker).
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { timeout } from "hono/timeout";
import { HTTPException } from "hono/http-exception";
import { currentBackend, useBackend } from "../backend/select.ts";
import { errorMessage } from "../util/errors.ts";
import { warn } from "../util/log.ts";
import { bearerAuth } from "./auth/mod.ts";
import type { ServeContext } from "./context/mod.ts";
import { errorBody, errorResponse, notFound, onError, safePath } from "./errors/mod.ts";
import { allowedMethods } from "./errors/methods.ts";
import { healthRoutes } from "./health/mod.ts";
import { Metrics } from "./metrics/mod.ts";
import { modelRoutes } from "./models/mod.ts";
import { openapiRoutes } from "./openapi/mod.ts";
import { DEFAULTS, type ServeOptions } from "./options/mod.ts";
import { predictRoutes } from "./predict/mod.ts";
import { tfServingRoutes } from "./predict/tfserving.ts";
import { v2Routes } from "./predict/v2.ts";
import { ModelRegistry } from "./registry/mod.ts";
import { playgroundRoutes } from "./playground/routes.ts";
import { waveRoutes } from "./waves/mod.ts";

/** A built app plus what its host needs: the fetch handler and a graceful drain. */
export interface ServeApp {
  /** The Hono app with every route. */
  app: OpenAPIHono;
  /** What the routes share: options, model registry, batchers, metrics. */
  ctx: ServeContext;
  /** Handles one request (what `Deno.serve` and `deno serve` call). */
  fetch: (request: Request) => Promise<Response>;
  /** Resolves when every queued predict batch has finished. */
  drain(): Promise<void>;
  /** Stops background workers (the wave simulator); call after the server has stopped. */
  close(): void;
}

/** Paths that never need the bearer token. */
export const AUTH_EXEMPT = ["/health", "/v2/health/live", "/v2/health/ready"];

const VERSION = "0.1.0";

/**
 * Creates the app. Models load in the background (GET /ready says when); requests that need
 * them wait. Pass `registry` to serve models built in memory (tests).
 */
export function createApp(options: Partial<ServeOptions> = {}, registry?: ModelRegistry): ServeApp {
  const opts: ServeOptions = { ...DEFAULTS, ...options };
  const reg = registry ?? new ModelRegistry();
  let ready = false;
  const loading = (async () => {
    try {
      await useBackend(opts.backend);
      if (!registry) await reg.load({ models: opts.models, config: opts.config });
    } catch (error) {
      warn(`serve: startup: ${errorMessage(error)}`);
    }
    ready = true;
  })();
  const ctx: ServeContext = {
    options: opts,
    registry: reg,
    metrics: new Metrics(),
    ready: loading,
    isReady: () => ready,
    backend: () => currentBackend() ?? "initialising",
    started: Date.now(),
    batchers: new Map(),
  };

  const app = new OpenAPIHono({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        const where = issue?.path?.length ? issue.path.join(".") + ": " : "";
        return c.json(
          errorBody("invalid_request", `${where}${issue?.message ?? "invalid request"}`),
          400,
        );
      }
    },
  });
  app.onError(onError);
  app.notFound((c) => {
    // A known path asked with the wrong method: 405 with the methods it has.
    const allowed = allowedMethods(app.routes, c.req.path);
    if (allowed.length === 0) return notFound(c);
    return errorResponse(
      c,
      405,
      "method_not_allowed",
      `${safePath(c.req.path)} does not take ${c.req.method.slice(0, 16)}; use ${
        allowed.join(", ")
      }`,
      { Allow: allowed.join(", ") },
    );
  });
  app.use("*", ctx.metrics.middleware());
  // Before auth: a browser's preflight (OPTIONS) carries no token.
  if (opts.cors?.length) {
    app.use(
      "*",
      cors({
        origin: opts.cors.includes("*") ? "*" : opts.cors,
        allowHeaders: ["Authorization", "Content-Type"],
        allowMethods: ["GET", "POST", "OPTIONS"],
        maxAge: 600,
      }),
    );
  }
  if (opts.token) app.use("*", bearerAuth(opts.token, AUTH_EXEMPT));
  app.use(
    "*",
    bodyLimit({
      maxSize: opts.bodyLimit,
      onError: (c) =>
        errorResponse(c, 413, "payload_too_large", `request body exceeds ${opts.bodyLimit} bytes`),
    }),
  );
  for (const prefix of ["/v1/*", "/v2/*"]) {
    app.use(
      prefix,
      timeout(
        opts.timeoutMs,
        () => new HTTPException(504, { message: `request took longer than ${opts.timeoutMs} ms` }),
      ),
    );
  }

  healthRoutes(app, ctx);
  modelRoutes(app, ctx);
  tfServingRoutes(app, ctx);
  predictRoutes(app, ctx);
  v2Routes(app, ctx, VERSION);
  const waves = waveRoutes(app, ctx);
  openapiRoutes(app, VERSION);
  playgroundRoutes(app);

  return {
    app,
    ctx,
    fetch: async (request) => await app.fetch(request),
    drain: async () => {
      await Promise.all([...ctx.batchers.values()].map((b) => b.idle()));
    },
    close: () => waves.close(),
  };
}
