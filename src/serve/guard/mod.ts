/**
 * A guard in front of `Deno.serve`, which has no header-read or idle timeout: a client that
 * opens sockets and sends headers a byte at a time (slowloris) would hold them forever. The
 * guard accepts the TCP connections itself and relays each to the HTTP server, listening on a
 * Unix socket in a private folder, closing a connection whose request headers are not complete
 * within `headerTimeoutMs` of its first byte (or of the connection opening), answering 408, and
 * one that sits idle between requests for `idleTimeoutMs`.
 *
 * @module
 */
import { log } from "../../util/log.ts";

/** Timeouts of the guard. */
export interface GuardOptions {
  /** Longest time from a request's first byte (or the connection opening) to its blank line. */
  headerTimeoutMs: number;
  /** Longest silence on a kept-alive connection between a response and the next request. */
  idleTimeoutMs: number;
}

/** A running guarded server. */
export interface GuardedServer {
  /** Where the guard listens. */
  addr: Deno.NetAddr;
  /** Stops accepting, lets the HTTP server finish in-flight requests, then closes. */
  shutdown(): Promise<void>;
  /** Resolves when the HTTP server has stopped. */
  finished: Promise<void>;
}

const END_OF_HEADERS = [13, 10, 13, 10];

/** Longest request line (method, URL, version) before 414. */
export const MAX_REQUEST_LINE = 8 * 1024;
/** Largest header block before 431 (below the HTTP server's own limits, which answer bare 400s). */
export const MAX_HEADER_BYTES = 32 * 1024;

/** A JSON error in the server's envelope, closing the connection. */
function errorReply(status: string, code: string, message: string): Uint8Array {
  const body = JSON.stringify({ error: { code, message } });
  return new TextEncoder().encode(
    `HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-type: application/json\r\n` +
      `content-length: ${body.length}\r\n\r\n${body}`,
  );
}

/** JSON 408 for a client too slow with its headers. */
function timeoutResponse(ms: number): Uint8Array {
  return errorReply(
    "408 Request Timeout",
    "timeout",
    `request headers not received within ${ms} ms`,
  );
}

/** Relays one client connection to the HTTP server under the timeouts. */
async function relay(client: Deno.Conn, socket: string, opts: GuardOptions): Promise<void> {
  let upstream: Deno.Conn;
  try {
    upstream = await Deno.connect({ transport: "unix", path: socket });
  } catch {
    client.close();
    return;
  }
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let headersDone = false; // of the current request
  let answered = false; // the server has sent bytes since the current request's headers
  let matched = 0; // bytes of \r\n\r\n seen at the end of what came so far
  let headerBytes = 0; // of the current request
  let lineEnd = -1; // where the request line ended (-1: not yet)
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    for (const conn of [client, upstream]) {
      try {
        conn.close();
      } catch { /* already closed */ }
    }
  };
  const arm = (ms: number, onTimeout: () => void) => {
    clearTimeout(timer);
    timer = setTimeout(onTimeout, ms);
  };
  const refuse = (reply: Uint8Array) => {
    client.write(reply).catch(() => {}).finally(close);
  };
  const headerTimeout = () => refuse(timeoutResponse(opts.headerTimeoutMs));
  arm(opts.headerTimeoutMs, headerTimeout);
  const fromClient = async () => {
    const buffer = new Uint8Array(64 * 1024);
    while (!closed) {
      const n = await client.read(buffer).catch(() => null);
      if (n === null) break;
      const chunk = buffer.subarray(0, n);
      if (headersDone && answered) {
        // The next request on a kept-alive connection: its headers are on the clock.
        headersDone = answered = false;
        matched = headerBytes = 0;
        lineEnd = -1;
        arm(opts.headerTimeoutMs, headerTimeout);
      }
      if (!headersDone) {
        for (let i = 0; i < chunk.length && !headersDone; i++) {
          headerBytes++;
          matched = chunk[i] === END_OF_HEADERS[matched] ? matched + 1 : chunk[i] === 13 ? 1 : 0;
          if (matched === 2 && lineEnd < 0) lineEnd = headerBytes;
          if (matched === 4) {
            headersDone = true;
            clearTimeout(timer); // the server's own request timeout covers the rest
          }
        }
        if ((lineEnd < 0 ? headerBytes : lineEnd) > MAX_REQUEST_LINE) {
          refuse(
            errorReply(
              "414 URI Too Long",
              "uri_too_long",
              `the request line exceeds ${MAX_REQUEST_LINE} bytes`,
            ),
          );
          break;
        }
        if (headerBytes > MAX_HEADER_BYTES) {
          refuse(
            errorReply(
              "431 Request Header Fields Too Large",
              "headers_too_large",
              `request headers exceed ${MAX_HEADER_BYTES} bytes`,
            ),
          );
          break;
        }
      }
      try {
        for (let at = 0; at < chunk.length;) at += await upstream.write(chunk.subarray(at));
      } catch {
        break;
      }
    }
    // The client finished sending: let the answer in flight come back.
    if (!closed) await upstream.closeWrite().catch(() => {});
  };
  const fromServer = async () => {
    const buffer = new Uint8Array(64 * 1024);
    while (!closed) {
      const n = await upstream.read(buffer).catch(() => null);
      if (n === null) break;
      if (headersDone) {
        answered = true;
        arm(opts.idleTimeoutMs, close);
      }
      try {
        const chunk = buffer.subarray(0, n);
        for (let at = 0; at < chunk.length;) at += await client.write(chunk.subarray(at));
      } catch {
        break;
      }
    }
    close();
  };
  await Promise.all([fromClient(), fromServer()]);
  close();
}

/**
 * Serves `handler` on `hostname:port` behind the guard. `socketDir` is a folder this process
 * may create and write (the Unix socket lives there); it is removed on shutdown.
 *
 * @example
 * ```ts
 * const dir = await Deno.makeTempDir();
 * const server = await serveGuarded(
 *   { hostname: "127.0.0.1", port: 0, socketDir: `${dir}/sock`, headerTimeoutMs: 10_000, idleTimeoutMs: 30_000 },
 *   () => new Response("ok"),
 * );
 * await server.shutdown();
 * ```
 */
export async function serveGuarded(
  options: GuardOptions & { hostname: string; port: number; socketDir: string },
  handler: (request: Request) => Response | Promise<Response>,
): Promise<GuardedServer> {
  await Deno.mkdir(options.socketDir, { recursive: true, mode: 0o700 });
  const socket = `${options.socketDir}/http.sock`;
  await Deno.remove(socket).catch(() => {});
  const http = Deno.serve({ path: socket, onListen: () => {} }, handler);
  const listener = Deno.listen({ hostname: options.hostname, port: options.port });
  const connections = new Set<Promise<void>>();
  const accepting = (async () => {
    for await (const client of listener) {
      const done: Promise<void> = relay(client, socket, options).catch((error) => {
        log(`serve: connection: ${error instanceof Error ? error.message : String(error)}`);
      }).finally(() => connections.delete(done));
      connections.add(done);
    }
  })().catch(() => {/* the listener was closed */});
  const finished = http.finished.then(async () => {
    await Deno.remove(options.socketDir, { recursive: true }).catch(() => {});
  });
  return {
    addr: listener.addr as Deno.NetAddr,
    shutdown: async () => {
      try {
        listener.close();
      } catch { /* already closed */ }
      await accepting;
      await http.shutdown();
      await finished;
    },
    finished,
  };
}
