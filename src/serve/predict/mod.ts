/**
 * POST /v1/models/:name/predict. JSON in → JSON out (nested or flat, as sent); `.npy` in
 * (`application/x-npy`) → `.npy` out. Requests go through the model's batcher.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { encodeNpy } from "../../io/npy.ts";
import { batcherFor, type ServeContext } from "../context/mod.ts";
import { ApiError } from "../errors/mod.ts";
import { ErrorSchema } from "../openapi/schemas.ts";
import { checkShape, flattenNested, fromFlat, fromNpy, nestedShape, toNested } from "./_tensor.ts";
import { floatsJson } from "./_json.ts";
import { ModelParam, PredictJson, PredictResponse } from "./schema.ts";

const NPY = "application/x-npy";

/** Largest number of rows one request may send. */
export const MAX_ROWS_PER_REQUEST = 256;

const route = createRoute({
  method: "post",
  path: "/v1/models/{name}/predict",
  summary: "Run a model on inputs (JSON or .npy); the answer comes in the request's format",
  request: {
    params: ModelParam,
    body: {
      content: {
        "application/json": { schema: PredictJson },
        [NPY]: { schema: z.string().openapi({ format: "binary" }) },
      },
    },
  },
  responses: {
    200: {
      description: "Model outputs",
      content: {
        "application/json": { schema: PredictResponse },
        [NPY]: { schema: z.string().openapi({ format: "binary" }) },
      },
    },
    400: { description: "Bad input", content: { "application/json": { schema: ErrorSchema } } },
    404: { description: "Unknown model", content: { "application/json": { schema: ErrorSchema } } },
    413: {
      description: "Body too large",
      content: { "application/json": { schema: ErrorSchema } },
    },
    415: {
      description: "Unsupported content type",
      content: { "application/json": { schema: ErrorSchema } },
    },
    503: {
      description: "Queue full (Retry-After)",
      content: { "application/json": { schema: ErrorSchema } },
    },
  },
});

function mediaType(header: string | undefined): string {
  return (header ?? "").split(";")[0].trim().toLowerCase();
}

/** Registers the predict route. */
export function predictRoutes(app: OpenAPIHono, ctx: ServeContext): void {
  app.openapi(route, async (c) => {
    const { name } = c.req.valid("param");
    await ctx.ready;
    const served = ctx.registry.get(name);
    if (!served) throw new ApiError(404, "unknown_model", `no model named '${name}'`);
    const type = mediaType(c.req.header("content-type"));
    let shape: number[];
    let data: Float32Array;
    let form: "nested" | "flat" | "npy";
    if (type === "application/json") {
      const body = c.req.valid("json") as z.infer<typeof PredictJson>;
      if ("inputs" in body) {
        shape = nestedShape(body.inputs);
        data = flattenNested(body.inputs, shape);
        form = "nested";
      } else {
        shape = body.shape;
        data = fromFlat(shape, body.data);
        form = "flat";
      }
    } else if (type === NPY || type === "application/octet-stream") {
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      ({ shape, data } = fromNpy(bytes));
      form = "npy";
    } else {
      throw new ApiError(
        415,
        "unsupported_media_type",
        `send application/json or ${NPY}, not '${type || "(none)"}'`,
      );
    }
    const input = checkShape(shape, data, served.inputShape, MAX_ROWS_PER_REQUEST);
    let output: Float32Array;
    try {
      output = await batcherFor(ctx, served).submit(input.data, input.rows);
    } catch (error) {
      if (error instanceof ApiError && error.status === 503) ctx.metrics.reject(name);
      throw error;
    }
    const outShape = [input.rows, ...(served.outputShape as number[])];
    const shown = input.single ? outShape.slice(1) : outShape;
    if (form === "npy") {
      return c.body(
        encodeNpy(output, shown, { dtype: "float32" }) as Uint8Array<ArrayBuffer>,
        200,
        {
          "Content-Type": NPY,
        },
      );
    }
    const base = { model: name, shape: shown, dtype: "float32" as const };
    if (form === "nested") {
      return c.json({ ...base, outputs: toNested(output, shown) as unknown[] });
    }
    // Flat values written straight from the Float32Array (see _json.ts).
    return c.body(`${JSON.stringify(base).slice(0, -1)},"data":${floatsJson(output)}}`, 200, {
      "Content-Type": "application/json",
    });
  });
}
