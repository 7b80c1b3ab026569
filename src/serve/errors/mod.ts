/**
 * One error shape for every response: `{"error": {"code", "message"}}`. Route code throws
 * {@link ApiError} (or the library's `InputError`); {@link onError} turns anything thrown into
 * that shape, and never leaks a stack trace.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { errorMessage, InputError } from "../../util/errors.ts";
import { warn } from "../../util/log.ts";

/** An error with an HTTP status and a stable machine-readable code. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The JSON body of an error response. */
export function errorBody(
  code: string,
  message: string,
): { error: { code: string; message: string } } {
  return { error: { code, message } };
}

/** A JSON error response. */
export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  for (const [k, v] of Object.entries(headers)) c.header(k, v);
  return c.json(errorBody(code, message), status);
}

const CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  405: "method_not_allowed",
  408: "timeout",
  413: "payload_too_large",
  415: "unsupported_media_type",
  422: "unprocessable",
  429: "too_many_requests",
  503: "unavailable",
  504: "timeout",
};

/** Hono `onError` handler: ApiError / InputError / HTTPException → JSON; anything else → 500. */
export function onError(error: Error, c: Context): Response {
  if (error instanceof ApiError) {
    return errorResponse(c, error.status, error.code, error.message, error.headers);
  }
  if (error instanceof InputError) {
    const status =
      (error.status >= 400 && error.status < 500 ? error.status : 400) as ContentfulStatusCode;
    return errorResponse(c, status, CODES[status] ?? "bad_request", errorMessage(error));
  }
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const message = error.message || (status === 413 ? "request body too large" : "request failed");
    return errorResponse(c, status, CODES[status] ?? "error", errorMessage(message));
  }
  warn(`serve: ${c.req.method} ${c.req.path}: ${errorMessage(error)}`);
  return errorResponse(c, 500, "internal", "internal error");
}

/** Hono `notFound` handler. */
export function notFound(c: Context): Response {
  return errorResponse(c, 404, "not_found", `no route ${c.req.method} ${safePath(c.req.path)}`);
}

/** The path, trimmed and stripped of control characters, for echoing in messages. */
export function safePath(path: string): string {
  // deno-lint-ignore no-control-regex
  const clean = path.replace(/[\u0000-\u001f\u007f]/g, "?");
  return clean.length > 120 ? clean.slice(0, 120) + "…" : clean;
}
