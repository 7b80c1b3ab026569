/**
 * TensorFlow Serving's REST predict API, for its clients: `POST /v1/models/{m}:predict` (and
 * `/v1/models/{m}/versions/{v}:predict`) with `{"instances": [...]}` (row format: one example
 * per instance) → `{"predictions": [...]}`, or `{"inputs": ...}` (columnar: the batch as one
 * tensor) → `{"outputs": ...}`; errors as `{"error": "…"}`. Same batcher as /v1 predict.
 */
import type { Context } from "hono";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { toNested } from "./_tensor.ts";
import { documentTfServing } from "./_protocol_docs.ts";
import { ApiError } from "../errors/mod.ts";
import type { ServeContext } from "../context/mod.ts";
import { infer, jsonBody, modelNamed, protocolError, tensorValues } from "./_protocol.ts";

async function predict(
  c: Context,
  ctx: ServeContext,
  name: string,
  version?: string,
): Promise<Response> {
  const served = await modelNamed(ctx, name, version);
  const body = await jsonBody(c);
  const keys = Object.keys(body).filter((k) => k !== "signature_name");
  if (keys.length !== 1 || (keys[0] !== "instances" && keys[0] !== "inputs")) {
    throw new ApiError(
      400,
      "invalid_request",
      'send exactly one of "instances" (rows) or "inputs" (columns)',
    );
  }
  const rowsForm = keys[0] === "instances";
  let value = body[keys[0]];
  if (!rowsForm && value !== null && typeof value === "object" && !Array.isArray(value)) {
    // Named columnar inputs: the model has one input, whatever the client calls it.
    const named = Object.values(value as Record<string, unknown>);
    if (named.length !== 1) throw new ApiError(400, "invalid_input", "the model has one input");
    value = named[0];
  }
  const { shape, data } = tensorValues(value);
  // Instances are always a list of examples: a batch axis, even for one.
  if (rowsForm && shape.length !== served.inputShape.length + 1) {
    throw new ApiError(
      400,
      "invalid_shape",
      `each instance must have the model's input shape [${served.inputShape.join(", ")}]`,
    );
  }
  const result = await infer(ctx, served, shape, data);
  const nested = toNested(result.output, result.shape);
  return c.json(rowsForm ? { predictions: nested } : { outputs: nested });
}

/** Registers the TF Serving predict routes. */
export function tfServingRoutes(app: OpenAPIHono, ctx: ServeContext): void {
  documentTfServing(app);
  const handle = (c: Context, target: string, version?: string) => {
    const name = target.slice(0, -":predict".length);
    return predict(c, ctx, name, version).catch((error) => protocolError(c, error));
  };
  app.post(
    "/v1/models/:target{[A-Za-z0-9][A-Za-z0-9._-]{0,63}:predict}",
    (c) => handle(c, c.req.param("target")),
  );
  app.post(
    "/v1/models/:name/versions/:target{[0-9]+:predict}",
    (c) =>
      handle(
        c,
        `${c.req.param("name")}:predict`,
        c.req.param("target").slice(0, -":predict".length),
      ),
  );
}
