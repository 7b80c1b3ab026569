/** GET /openapi.json (generated from the route schemas) and GET /docs (a page rendering it). */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { docsPage } from "./_docs.ts";

/** Registers /openapi.json and /docs. */
export function openapiRoutes(app: OpenAPIHono, version: string): void {
  const config = {
    openapi: "3.0.0",
    info: {
      title: "prevision",
      version,
      description: "Retinal-wave simulation and next-frame prediction models over HTTP.",
    },
    components: {
      securitySchemes: { bearer: { type: "http" as const, scheme: "bearer" } },
    },
  };
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    responses: {
      200: {
        description: "OpenAPI 3.0 document",
        content: { "application/json": { schema: z.record(z.string(), z.unknown()) } },
      },
    },
  });
  app.openAPIRegistry.registerPath({
    method: "get",
    path: "/docs",
    summary: "This document as a page",
    responses: {
      200: { description: "HTML page", content: { "text/html": { schema: z.string() } } },
    },
  });
  app.doc("/openapi.json", config);
  app.get("/docs", (c) => c.html(docsPage(app.getOpenAPIDocument(config))));
}
