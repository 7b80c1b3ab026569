/** Optional bearer-token auth: every route except the exempt ones needs `Authorization: Bearer`. */
import type { MiddlewareHandler } from "hono";
import { errorResponse } from "../errors/mod.ts";

const encoder = new TextEncoder();

/** Compares in time independent of where the strings first differ. */
function sameSecret(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

/** Middleware requiring `token` unless the path is exempt (health checks). */
export function bearerAuth(token: string, exempt: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (exempt.includes(c.req.path)) return await next();
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer +(\S+)\s*$/i.exec(header);
    if (!match || !sameSecret(match[1], token)) {
      c.header("WWW-Authenticate", 'Bearer realm="prevision"');
      return errorResponse(
        c,
        401,
        "unauthorized",
        match ? "invalid bearer token" : "missing bearer token (Authorization: Bearer <token>)",
      );
    }
    await next();
  };
}
