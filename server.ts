/**
 * The prevision HTTP server for `deno serve [--parallel] server.ts` and edge runtimes: the
 * default export's `fetch` is the Hono app. Configure it with PREVISION_MODELS,
 * PREVISION_CONFIG, PREVISION_TOKEN, PREVISION_MAX_BATCH, … (see src/serve/options).
 * Every module instance — every `--parallel` worker — builds its own app and model
 * registry. `deno task serve --port 8000 --models DIR` runs it with flags and minimal
 * permissions (src/serve/launch.ts).
 *
 * @module
 */
import { createApp, parseServeArgs } from "./src/serve/mod.ts";

const served = createApp(parseServeArgs([]).options);

export default { fetch: served.fetch } satisfies Deno.ServeDefaultExport;
