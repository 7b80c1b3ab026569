/**
 * The prevision HTTP server. `deno serve server.ts` (or `deno task serve`) runs the default
 * export; edge runtimes take its `fetch`.
 *
 * @module
 */
import { createApp } from "./src/serve/app.ts";

const app = createApp();

export default { fetch: app.fetch } satisfies Deno.ServeDefaultExport;

if (import.meta.main) {
  const port = Number(Deno.env.get("PORT") ?? 8000);
  Deno.serve({ port, hostname: "127.0.0.1" }, app.fetch);
}
