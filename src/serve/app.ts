import { Hono } from "hono";

/** Builds the Hono app: health now, models and predictions as they land. */
export function createApp(): Hono {
  const app = new Hono();
  const started = Date.now();
  app.get("/health", (c) => c.json({ status: "ok", uptime: (Date.now() - started) / 1000 }));
  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `no route ${c.req.path}` } }, 404)
  );
  return app;
}
