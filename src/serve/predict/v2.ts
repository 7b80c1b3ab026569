/**
 * The Open Inference Protocol V2 (KServe, Triton) over REST, beside /v1: server and model
 * health and metadata, and `POST /v2/models/{m}[/versions/{v}]/infer` with named tensors,
 * row-major (or nested) `data` and errors as `{"error": "…"}`. Inference goes through the same
 * batcher as /v1 predict. Each model has one input, `input`, and one output, `output`, both
 * FP32, with −1 for the batch axis. A folder of numbered checkpoints (`fp/1`, `fp/2`) is one
 * model with those versions (the latest answers without a version); any other model is version
 * `1`.
 */
import type { Context } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { ApiError } from "../errors/mod.ts";
import type { ServeContext } from "../context/mod.ts";
import type { ServedModel } from "../registry/mod.ts";
import { floatsJson } from "./_json.ts";
import { documentV2 } from "./_protocol_docs.ts";
import { infer, jsonBody, modelNamed, protocolError, tensorValues } from "./_protocol.ts";

/** The name of every model's input tensor in V2 metadata and requests. */
export const V2_INPUT = "input";
/** The name of every model's output tensor. */
export const V2_OUTPUT = "output";
/** The one version every model has. */
export const V2_VERSION = "1";

/** Datatypes whose JSON values are plain numbers; they are converted to FP32. */
const NUMERIC = new Set([
  "FP32",
  "FP64",
  "FP16",
  "INT8",
  "INT16",
  "INT32",
  "INT64",
  "UINT8",
  "UINT16",
  "UINT32",
  "UINT64",
]);

function metadata(m: ServedModel, name: string, versions: string[]) {
  return {
    name,
    versions,
    platform: "tensorflowjs_layers",
    inputs: [{ name: V2_INPUT, datatype: "FP32", shape: [-1, ...m.inputShape as number[]] }],
    outputs: [{ name: V2_OUTPUT, datatype: "FP32", shape: [-1, ...m.outputShape as number[]] }],
  };
}

async function inferHandler(c: Context, ctx: ServeContext): Promise<Response> {
  const name = c.req.param("name")!;
  const version = c.req.param("version");
  const served = await modelNamed(ctx, name, version);
  const body = await jsonBody(c);
  const inputs = body.inputs;
  if (!Array.isArray(inputs) || inputs.length !== 1) {
    throw new ApiError(
      400,
      "invalid_request",
      `inputs must list exactly one tensor, '${V2_INPUT}'`,
    );
  }
  const tensor = inputs[0] as Record<string, unknown>;
  if (tensor === null || typeof tensor !== "object") {
    throw new ApiError(400, "invalid_request", "inputs[0] must be an object");
  }
  if (tensor.name !== V2_INPUT) {
    throw new ApiError(
      400,
      "invalid_input",
      `unknown input '${String(tensor.name)}'; the model's input is '${V2_INPUT}'`,
    );
  }
  if (typeof tensor.datatype !== "string" || !NUMERIC.has(tensor.datatype)) {
    throw new ApiError(
      400,
      "invalid_dtype",
      `datatype '${String(tensor.datatype)}' not accepted; send FP32`,
    );
  }
  if (!Array.isArray(tensor.shape) || !tensor.shape.every((d) => typeof d === "number")) {
    throw new ApiError(400, "invalid_shape", "shape must be a list of integers");
  }
  const requested = body.outputs;
  if (requested !== undefined) {
    const names = Array.isArray(requested)
      ? requested.map((o) => (o as { name?: unknown })?.name)
      : [null];
    const unknown = names.find((n) => n !== V2_OUTPUT);
    if (unknown !== undefined) {
      throw new ApiError(
        400,
        "invalid_request",
        `unknown output '${String(unknown)}'; the model's output is '${V2_OUTPUT}'`,
      );
    }
  }
  const { shape, data } = tensorValues(tensor.data, tensor.shape as number[]);
  const result = await infer(ctx, served, shape, data);
  const head = {
    model_name: name,
    model_version: version ?? ctx.registry.versionsOf(name).at(-1) ?? V2_VERSION,
    ...(typeof body.id === "string" ? { id: body.id } : {}),
  };
  // The outputs' values written straight from the Float32Array (see _json.ts).
  const output = `{"name":"${V2_OUTPUT}","shape":${
    JSON.stringify(result.shape)
  },"datatype":"FP32","data":${floatsJson(result.output)}}`;
  return c.body(`${JSON.stringify(head).slice(0, -1)},"outputs":[${output}]}`, 200, {
    "Content-Type": "application/json",
  });
}

/** Registers the V2 routes. */
export function v2Routes(app: OpenAPIHono, ctx: ServeContext, version: string): void {
  const guard = (handler: (c: Context) => Promise<Response> | Response) => async (c: Context) => {
    try {
      return await handler(c);
    } catch (error) {
      return protocolError(c, error);
    }
  };
  documentV2(app);
  app.get("/v2", (c) => c.json({ name: "prevision", version, extensions: [] }));
  app.get("/v2/health/live", (c) => c.json({ live: true }));
  app.get("/v2/health/ready", (c) => c.json({ ready: ctx.isReady() }, ctx.isReady() ? 200 : 503));
  for (const base of ["/v2/models/:name", "/v2/models/:name/versions/:version"]) {
    app.get(
      base,
      guard(async (c) => {
        const name = c.req.param("name")!;
        const served = await modelNamed(ctx, name, c.req.param("version"));
        return c.json(metadata(served, name, ctx.registry.versionsOf(name)));
      }),
    );
    app.get(
      `${base}/ready`,
      guard(async (c) => {
        const name = c.req.param("name")!;
        await modelNamed(ctx, name, c.req.param("version"));
        return c.json({ name, ready: true });
      }),
    );
    app.post(`${base}/infer`, guard((c) => inferHandler(c, ctx)));
  }
}
