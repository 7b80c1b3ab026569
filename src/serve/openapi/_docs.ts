/** A self-contained HTML page listing the API from its OpenAPI document (no CDN). */

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

interface Operation {
  summary?: string;
  requestBody?: { content?: Record<string, unknown> };
  responses?: Record<string, { description?: string }>;
}

/** Renders the document's paths, operations, content types and schemas. */
export function docsPage(
  doc: {
    info: { title: string; version: string; description?: string };
    paths?: object;
    components?: object;
  },
): string {
  const rows: string[] = [];
  for (const [path, ops] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(ops as Record<string, Operation>)) {
      const body = Object.keys(op.requestBody?.content ?? {}).join(", ");
      const responses = Object.entries(op.responses ?? {})
        .map(([code, r]) => `<li><b>${escape(code)}</b> ${escape(r.description ?? "")}</li>`)
        .join("");
      rows.push(
        `<section><h2><code>${method.toUpperCase()} ${escape(path)}</code></h2><p>${
          escape(op.summary ?? "")
        }</p>` +
          (body ? `<p>Request body: <code>${escape(body)}</code></p>` : "") +
          `<ul>${responses}</ul></section>`,
      );
    }
  }
  const schemas = escape(
    JSON.stringify((doc.components as { schemas?: object })?.schemas ?? {}, null, 2),
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${
    escape(doc.info.title)
  } API</title>
<style>body{font:15px system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}h2{font-size:1.05em}
pre{background:#f4f4f4;padding:1em;overflow:auto}section{border-top:1px solid #ddd}</style></head><body>
<h1>${escape(doc.info.title)} ${escape(doc.info.version)}</h1><p>${
    escape(doc.info.description ?? "")
  }</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a>. Errors: <code>{"error":{"code","message"}}</code>.
Auth (when enabled): <code>Authorization: Bearer &lt;token&gt;</code> on everything but /health.</p>
${rows.join("\n")}<h2>Schemas</h2><pre>${schemas}</pre></body></html>`;
}
