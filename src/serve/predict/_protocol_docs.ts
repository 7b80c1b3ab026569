/**
 * The OpenAPI description of the Open Inference Protocol V2 and TF Serving routes. Their
 * handlers validate requests themselves (the protocols' error shape is `{"error": "…"}`, not
 * the /v1 envelope, and V2 bodies are mostly one long array of numbers that a schema would walk
 * a second time), so these schemas document the routes in /openapi.json without validating:
 * they follow the published specifications (KServe's REST predict protocol v2, TF Serving's
 * REST API).
 */
import type { OpenAPIHono } from "@hono/zod-openapi";
import { z } from "@hono/zod-openapi";
import { ModelParam } from "./schema.ts";

/** Errors of both protocols. */
const ProtocolError = z.object({
  error: z.string().openapi({ example: "unknown input 'x'; the model's input is 'input'" }),
}).openapi("ProtocolError");

const VersionParams = ModelParam.extend({
  version: z.string().regex(/^[0-9]+$/).openapi({
    param: { name: "version", in: "path" },
    example: "1",
  }),
});

const TensorMetadata = z.object({
  name: z.string().openapi({ example: "input" }),
  datatype: z.literal("FP32"),
  shape: z.array(z.number().int()).openapi({
    description: "−1 for the batch axis",
    example: [-1, 2, 3],
  }),
}).openapi("V2TensorMetadata");

const ServerMetadata = z.object({
  name: z.string(),
  version: z.string(),
  extensions: z.array(z.string()),
}).openapi("V2ServerMetadata");

const ModelMetadata = z.object({
  name: z.string(),
  versions: z.array(z.string()).openapi({ example: ["1"] }),
  platform: z.string().openapi({ example: "tensorflowjs_layers" }),
  inputs: z.array(TensorMetadata),
  outputs: z.array(TensorMetadata),
}).openapi("V2ModelMetadata");

const InferInput = z.object({
  name: z.literal("input"),
  shape: z.array(z.number().int().min(1)).openapi({ example: [1, 2, 3] }),
  datatype: z.string().openapi({
    description: "FP32 (other numeric types are converted to FP32)",
    example: "FP32",
  }),
  parameters: z.record(z.string(), z.unknown()).optional(),
  data: z.array(z.unknown()).openapi({
    description: "Values in row-major order, flat or nested as the shape",
    example: [0, 0.2, 0.4, 0.6, 0.8, 1],
  }),
}).openapi("V2InferInput");

const InferRequest = z.object({
  id: z.string().optional(),
  parameters: z.record(z.string(), z.unknown()).optional(),
  inputs: z.array(InferInput).length(1),
  outputs: z.array(z.object({ name: z.literal("output") })).optional(),
}).openapi("V2InferRequest");

const InferResponse = z.object({
  model_name: z.string(),
  model_version: z.string().optional(),
  id: z.string().optional(),
  outputs: z.array(z.object({
    name: z.literal("output"),
    shape: z.array(z.number().int()),
    datatype: z.literal("FP32"),
    data: z.array(z.number()).openapi({ description: "Row-major values" }),
  })),
}).openapi("V2InferResponse");

const TfPredictRequest = z.object({
  signature_name: z.string().optional(),
  instances: z.array(z.unknown()).optional().openapi({
    description: "Row format: a list of examples, each of the model's input shape",
  }),
  inputs: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional().openapi({
    description: "Columnar format: the batch as one tensor (or an object naming it)",
  }),
}).openapi("TfServingPredictRequest", {
  description: 'Exactly one of "instances" or "inputs"',
});

const TfPredictResponse = z.object({
  predictions: z.array(z.unknown()).optional().openapi({ description: "For instances" }),
  outputs: z.array(z.unknown()).optional().openapi({ description: "For inputs" }),
}).openapi("TfServingPredictResponse");

function json(schema: z.ZodType, description: string) {
  return { description, content: { "application/json": { schema } } };
}

const ERRORS = {
  400: json(ProtocolError, "Bad input"),
  404: json(ProtocolError, "Unknown model or version"),
  415: json(ProtocolError, "Not JSON"),
  503: json(ProtocolError, "Queue full (Retry-After)"),
};

/** Documents the V2 routes (`base` with and without `/versions/{version}`) in /openapi.json. */
export function documentV2(app: OpenAPIHono): void {
  const doc = app.openAPIRegistry;
  doc.registerPath({
    method: "get",
    path: "/v2",
    summary: "Open Inference Protocol V2: server metadata",
    responses: { 200: json(ServerMetadata, "Server metadata") },
  });
  for (const probe of ["live", "ready"] as const) {
    doc.registerPath({
      method: "get",
      path: `/v2/health/${probe}`,
      summary: `V2 server ${probe}ness (no token needed)`,
      responses: {
        200: json(z.object({ [probe]: z.boolean() }), `Server ${probe}`),
        ...(probe === "ready" ? { 503: json(z.object({ ready: z.boolean() }), "Loading") } : {}),
      },
    });
  }
  for (
    const [base, params] of [[`/v2/models/{name}`, ModelParam], [
      `/v2/models/{name}/versions/{version}`,
      VersionParams,
    ]] as const
  ) {
    doc.registerPath({
      method: "get",
      path: base,
      summary: "V2 model metadata: input and output tensors",
      request: { params },
      responses: { 200: json(ModelMetadata, "Model metadata"), 404: ERRORS[404] },
    });
    doc.registerPath({
      method: "get",
      path: `${base}/ready`,
      summary: "V2 model readiness",
      request: { params },
      responses: {
        200: json(z.object({ name: z.string(), ready: z.boolean() }), "Model ready"),
        404: ERRORS[404],
      },
    });
    doc.registerPath({
      method: "post",
      path: `${base}/infer`,
      summary: "V2 inference: named tensors, row-major data (batched with /v1 predict)",
      request: { params, body: { content: { "application/json": { schema: InferRequest } } } },
      responses: { 200: json(InferResponse, "Outputs"), ...ERRORS },
    });
  }
}

/** Documents TF Serving's predict routes in /openapi.json. */
export function documentTfServing(app: OpenAPIHono): void {
  for (
    const [path, params] of [["/v1/models/{name}:predict", ModelParam], [
      "/v1/models/{name}/versions/{version}:predict",
      VersionParams,
    ]] as const
  ) {
    app.openAPIRegistry.registerPath({
      method: "post",
      path,
      summary: "TensorFlow Serving predict: instances → predictions, or inputs → outputs",
      request: { params, body: { content: { "application/json": { schema: TfPredictRequest } } } },
      responses: { 200: json(TfPredictResponse, "Predictions"), ...ERRORS },
    });
  }
}
