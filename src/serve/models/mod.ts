/** GET /v1/models and GET /v1/models/:name: what is served, shapes, and training manifests. */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { ServeContext } from "../context/mod.ts";
import { ApiError } from "../errors/mod.ts";
import { ErrorSchema } from "../openapi/schemas.ts";
import { ModelParam } from "../predict/schema.ts";
import type { ServedModel } from "../registry/mod.ts";
import { modelFile } from "./_files.ts";

const ModelInfo = z.object({
  name: z.string(),
  description: z.string(),
  inputShape: z.array(z.number().nullable()).openapi({ description: "Without the batch axis" }),
  outputShape: z.array(z.number().nullable()),
  dtype: z.string(),
  predict: z.string().openapi({ example: "/v1/models/frame_predictor/predict" }),
}).openapi("ModelInfo");

const ModelDetail = ModelInfo.extend({
  manifest: z.record(z.string(), z.unknown()).openapi({ description: "The training manifest" }),
  parameters: z.number().int(),
}).openapi("ModelDetail");

function info(m: ServedModel): z.infer<typeof ModelInfo> {
  return {
    name: m.name,
    description: typeof m.manifest.description === "string" ? m.manifest.description : "",
    inputShape: m.inputShape,
    outputShape: m.outputShape,
    dtype: typeof m.manifest.dtype === "string" ? m.manifest.dtype : "float32",
    predict: `/v1/models/${m.name}/predict`,
  };
}

/** Registers the model listing routes. */
export function modelRoutes(app: OpenAPIHono, ctx: ServeContext): void {
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/models",
      summary: "List served models",
      responses: {
        200: {
          description: "Models",
          content: { "application/json": { schema: z.object({ models: z.array(ModelInfo) }) } },
        },
      },
    }),
    async (c) => {
      await ctx.ready;
      return c.json({ models: [...ctx.registry.models.values()].map(info) }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/models/{name}",
      summary: "Describe one model: shapes, dtype, what it predicts, training manifest",
      request: { params: ModelParam },
      responses: {
        200: { description: "Model", content: { "application/json": { schema: ModelDetail } } },
        404: {
          description: "Unknown model",
          content: { "application/json": { schema: ErrorSchema } },
        },
      },
    }),
    async (c) => {
      await ctx.ready;
      const { name } = c.req.valid("param");
      const m = ctx.registry.get(name);
      if (!m) throw new ApiError(404, "unknown_model", `no model named '${name}'`);
      return c.json({ ...info(m), manifest: m.manifest, parameters: m.model.countParams() }, 200);
    },
  );
  app.openapi(
    createRoute({
      method: "get",
      path: "/v1/models/{name}/files/{file}",
      summary: "The model as tfjs layers files (model.json, weights.bin) for tf.loadLayersModel",
      request: {
        params: ModelParam.extend({
          file: z.enum(["model.json", "weights.bin"]).openapi({
            param: { name: "file", in: "path" },
          }),
        }),
      },
      responses: {
        200: {
          description: "The file",
          content: {
            "application/json": { schema: z.record(z.string(), z.unknown()) },
            "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) },
          },
        },
        404: {
          description: "Unknown model",
          content: { "application/json": { schema: ErrorSchema } },
        },
      },
    }),
    // deno-lint-ignore no-explicit-any -- two content types; the OpenAPI typing wants one
    (async (c: any) => {
      await ctx.ready;
      const { name, file } = c.req.valid("param");
      const m = ctx.registry.get(name);
      if (!m) throw new ApiError(404, "unknown_model", `no model named '${name}'`);
      return await modelFile(m, file);
    }) as never,
  );
}
