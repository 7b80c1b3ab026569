/**
 * GET / (the playground page), /playground/app.js (the bundle from build.ts) and
 * /playground/wasm/*.wasm (tfjs's binaries). Only these fixed files are ever read.
 */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { ErrorSchema } from "../openapi/schemas.ts";
import { ApiError } from "../errors/mod.ts";

const HERE = new URL("./", import.meta.url);
const FILES: Record<string, { path: string; type: string }> = {
  "index.html": { path: "index.html", type: "text/html; charset=utf-8" },
  "app.js": { path: "dist/app.js", type: "text/javascript; charset=utf-8" },
  "tfjs-backend-wasm.wasm": { path: "dist/wasm/tfjs-backend-wasm.wasm", type: "application/wasm" },
  "tfjs-backend-wasm-simd.wasm": {
    path: "dist/wasm/tfjs-backend-wasm-simd.wasm",
    type: "application/wasm",
  },
  "tfjs-backend-wasm-threaded-simd.wasm": {
    path: "dist/wasm/tfjs-backend-wasm-threaded-simd.wasm",
    type: "application/wasm",
  },
};

const cache = new Map<string, Uint8Array>();

async function read(name: string): Promise<{ body: Uint8Array; type: string }> {
  // Own keys only: "constructor" or "__proto__" must not reach Object.prototype.
  const file = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
  if (!file) throw new ApiError(404, "not_found", `no playground file '${name.slice(0, 80)}'`);
  let body = cache.get(name);
  if (!body) {
    try {
      body = await Deno.readFile(new URL(file.path, HERE));
    } catch {
      throw new ApiError(
        404,
        "not_built",
        `playground file ${file.path} is missing: run deno task playground`,
      );
    }
    cache.set(name, body);
  }
  return { body, type: file.type };
}

/** Registers the playground's static routes. */
export function playgroundRoutes(app: OpenAPIHono): void {
  const send = async (name: string) => {
    const { body, type } = await read(name);
    return new Response(body as Uint8Array<ArrayBuffer>, {
      headers: { "content-type": type, "cache-control": "no-cache" },
    });
  };
  const page = (path: string, summary: string, type: string, params?: z.ZodObject) =>
    app.openAPIRegistry.registerPath({
      method: "get",
      path,
      summary,
      ...(params ? { request: { params } } : {}),
      responses: {
        200: { description: summary, content: { [type]: { schema: z.string() } } },
        404: {
          description: "No such file",
          content: { "application/json": { schema: ErrorSchema } },
        },
      },
    });
  page("/", "The playground page", "text/html");
  page("/playground/app.js", "The playground's script", "text/javascript");
  page(
    "/playground/wasm/{file}",
    "tfjs's WebAssembly binaries for the playground",
    "application/wasm",
    z.object({
      file: z.string().openapi({
        param: { name: "file", in: "path" },
        example: "tfjs-backend-wasm-simd.wasm",
      }),
    }),
  );
  app.get("/", () => send("index.html"));
  app.get("/playground/app.js", () => send("app.js"));
  app.get("/playground/wasm/:file", (c) => send(c.req.param("file")));
}
