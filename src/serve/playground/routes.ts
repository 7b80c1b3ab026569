/** GET / and /playground/*: the browser playground's static files. */
import type { OpenAPIHono } from "@hono/zod-openapi";

/** Registers the playground's static routes. */
export function playgroundRoutes(app: OpenAPIHono): void {
  app.get("/", (c) => c.redirect("/docs"));
}
