/** Request/response schemas of POST /v1/models/:name/predict; they validate and document. */
import { z } from "@hono/zod-openapi";

/** Path parameter: a model name. */
export const ModelParam = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/).openapi({
    param: { name: "name", in: "path" },
    example: "frame_predictor",
  }),
});

/** JSON predict body: nested `inputs`, or flat `data` with `shape`. */
export const PredictJson = z.union([
  z.object({
    inputs: z.array(z.unknown()).min(1).openapi({
      description: "Nested arrays of finite numbers: one example, or a batch with a leading axis",
      example: [[0, 0.5], [1, 0.25]],
    }),
    dtype: z.literal("float32").optional(),
  }).strict(),
  z.object({
    shape: z.array(z.number().int().min(1).max(1 << 24)).min(1).max(8),
    data: z.array(z.number()).min(1).openapi({ description: "Values in C (row-major) order" }),
    dtype: z.literal("float32").optional(),
  }).strict(),
]).openapi("PredictRequest");

/** JSON predict answer (mirrors the request's form). */
export const PredictResponse = z.object({
  model: z.string(),
  shape: z.array(z.number().int()),
  dtype: z.literal("float32"),
  outputs: z.array(z.unknown()).optional(),
  data: z.array(z.number()).optional(),
}).openapi("PredictResponse");
