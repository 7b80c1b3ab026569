/**
 * What the Open Inference Protocol V2 and TF Serving routes share with /v1 predict: a
 * tensor from a request (flat row-major values with a shape, or nested arrays) checked
 * against the model and run through its batcher, and the protocols' own error shape.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorMessage, InputError } from "../../util/errors.ts";
import { batcherFor, type ServeContext } from "../context/mod.ts";
import { ApiError } from "../errors/mod.ts";
import type { ServedModel } from "../registry/mod.ts";
import { checkShape, flattenNested, fromFlat, nestedShape } from "./_tensor.ts";

/** Largest number of rows one request may send (as /v1 predict). */
export const MAX_ROWS = 256;

/**
 * The served model called `name` (at `version`, when given), after loading finished; 404
 * otherwise.
 */
export async function modelNamed(
  ctx: ServeContext,
  name: string,
  version?: string,
): Promise<ServedModel> {
  await ctx.ready;
  const served = ctx.registry.resolve(name, version);
  if (served) return served;
  const known = ctx.registry.versionsOf(name);
  if (known.length && version !== undefined) {
    throw new ApiError(
      404,
      "unknown_version",
      `model '${name}' has no version '${version}' (it has ${known.join(", ")})`,
    );
  }
  throw new ApiError(404, "unknown_model", `no model named '${name}'`);
}

/** A JSON body, or a 400 naming what is wrong with it. */
export async function jsonBody(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "" && type !== "application/json") {
    throw new ApiError(415, "unsupported_media_type", `send application/json, not '${type}'`);
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, "invalid_json", "the body is not valid JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ApiError(400, "invalid_request", "the body must be a JSON object");
  }
  return body as Record<string, unknown>;
}

/**
 * Values of a tensor given as nested arrays, or flat with `shape` when given (the V2 protocol
 * allows both); the shape is checked against the values before anything is allocated.
 */
export function tensorValues(
  data: unknown,
  shape?: number[],
): { shape: number[]; data: Float32Array } {
  if (!Array.isArray(data) || data.length === 0) {
    throw new ApiError(400, "invalid_input", "data must be a non-empty array of numbers");
  }
  if (shape && !Array.isArray(data[0])) {
    if (!shape.every((d) => Number.isInteger(d) && d >= 1 && d <= 1 << 24) || shape.length > 8) {
      throw new ApiError(
        400,
        "invalid_shape",
        `shape [${shape.join(", ")}] is not a list of positive sizes`,
      );
    }
    return { shape, data: fromFlat(shape, data as number[]) };
  }
  const found = nestedShape(data);
  const values = flattenNested(data, found);
  if (shape && shape.join(",") !== found.join(",")) {
    throw new ApiError(
      400,
      "invalid_shape",
      `data nest as [${found.join(", ")}] but shape says [${shape.join(", ")}]`,
    );
  }
  return { shape: found, data: values };
}

/** Runs a decoded input through the model's batcher: outputs, with and without batch axis. */
export async function infer(
  ctx: ServeContext,
  served: ServedModel,
  shape: number[],
  data: Float32Array,
): Promise<{ output: Float32Array; shape: number[]; single: boolean; rows: number }> {
  const input = checkShape(shape, data, served.inputShape, MAX_ROWS);
  let output: Float32Array;
  try {
    output = await batcherFor(ctx, served).submit(input.data, input.rows);
  } catch (error) {
    if (error instanceof ApiError && error.status === 503) ctx.metrics.reject(served.name);
    throw error;
  }
  const full = [input.rows, ...(served.outputShape as number[])];
  return {
    output,
    shape: input.single ? full.slice(1) : full,
    single: input.single,
    rows: input.rows,
  };
}

/**
 * The protocols' error shape, `{"error": "message"}` (V2 and TF Serving both use it), for
 * errors a handler throws; anything unexpected goes on to the app's error handler (500).
 */
export function protocolError(c: Context, error: unknown): Response {
  if (error instanceof ApiError) {
    for (const [k, v] of Object.entries(error.headers)) c.header(k, v);
    return c.json({ error: error.message }, error.status);
  }
  if (error instanceof InputError) {
    const status =
      (error.status >= 400 && error.status < 500 ? error.status : 400) as ContentfulStatusCode;
    return c.json({ error: errorMessage(error) }, status);
  }
  throw error;
}
