/** A read-only static file server for the repository on 127.0.0.1 (tests only). */

const TYPES: Record<string, string> = {
  ts: "application/typescript",
  js: "application/javascript",
  json: "application/json",
  wasm: "application/wasm",
  html: "text/html",
};

/** Serves files under `root`; refuses paths that leave it. */
export function serveDirectory(
  root: string,
): { url: string; close: () => Promise<void>; hits: string[] } {
  const hits: string[] = [];
  const base = root.replace(/\/+$/, "");
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    if (path.split("/").includes("..")) return new Response("forbidden", { status: 403 });
    hits.push(path);
    try {
      const body = await Deno.readFile(base + path);
      const ext = path.split(".").pop() ?? "";
      return new Response(body, {
        headers: { "content-type": TYPES[ext] ?? "application/octet-stream" },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    close: () => server.shutdown(),
    hits,
  };
}
