/** Malformed and hostile requests for the robustness test, by category. */
import { encodeNpy } from "../../src/io/npy.ts";

export const TOKEN = "t0ken";
export const AUTH = { authorization: `Bearer ${TOKEN}` };
export const PREDICT = "/v1/models/tiny/predict";

export interface Case {
  name: string;
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Send without the valid token (auth cases). */
  noAuth?: boolean;
}

function brokenJson(): Case[] {
  const bodies = [
    "{",
    "[",
    "}",
    '{"inputs":',
    '{"inputs":[1,2',
    "nul",
    "{'inputs':[1]}",
    '{"inputs":[1,]}',
    '{"inputs":NaN}',
    '{"inputs":[NaN]}',
    '{"inputs":[Infinity]}',
    '{"inputs":[-Infinity]}',
    "\u0000",
    "\ufeff{",
    "undefined",
    "true",
    "42",
    '"string"',
    "null",
    "[]",
    "{}",
    '{"inputs":[[1,2,3],[4,5,6]]',
    '{"inputs"::1}',
    '{"inputs":[0x10]}',
    '{"inputs":[.5]}',
    '{"inputs":[1e]}',
    '{"inputs":[01]}',
    '{"inputs":["\\ud800"]}',
    '{"a":1}{"b":2}',
    "\u00ff\u00fe",
  ];
  return bodies.map((body, i) => ({
    name: `broken json ${i}`,
    path: PREDICT,
    headers: { "content-type": "application/json" },
    body,
  }));
}

function wrongContent(): Case[] {
  const types = [
    "text/plain",
    "application/xml",
    "multipart/form-data; boundary=x",
    "application/x-www-form-urlencoded",
    "image/png",
    "application/javascript",
    "text/html",
    "application/jsonx",
    "json",
    "application/x-npy-not",
    "*/*",
    "application/cbor",
  ];
  const out: Case[] = types.map((t) => ({
    name: `content-type ${t}`,
    path: PREDICT,
    headers: { "content-type": t },
    body: '{"inputs":[[1,2,3],[4,5,6]]}',
  }));
  out.push({
    name: "no content-type",
    path: PREDICT,
    headers: {},
    body: new Uint8Array([1, 2, 3]),
  });
  out.push({
    name: "json declared, npy sent",
    path: PREDICT,
    headers: { "content-type": "application/json" },
    body: encodeNpy(new Float32Array(6), [2, 3]),
  });
  out.push({
    name: "npy declared, json sent",
    path: PREDICT,
    headers: { "content-type": "application/x-npy" },
    body: '{"inputs":[[1,2,3],[4,5,6]]}',
  });
  out.push({
    name: "waves as text",
    path: "/v1/waves",
    headers: { "content-type": "text/plain" },
    body: '{"size":8}',
  });
  return out;
}

function badInputs(): Case[] {
  const row = [[1, 2, 3], [4, 5, 6]];
  const bodies: unknown[] = [
    { inputs: [] },
    { inputs: [[]] },
    { inputs: 5 },
    { inputs: "1,2,3" },
    { inputs: null },
    { inputs: [[1, 2, 3]] },
    { inputs: [[1, 2], [3, 4]] },
    { inputs: [[[1, 2, 3], [4, 5]]] },
    { inputs: [[1, 2, 3], [4, 5, "6"]] },
    { inputs: [[1, 2, 3], [4, 5, null]] },
    { inputs: [[1, 2, 3], [4, 5, true]] },
    { inputs: [[1, 2, 3], [4, 5, {}]] },
    { inputs: [[1, 2, 3], [4, 5, [6]]] },
    { inputs: [[1e400, 2, 3], [4, 5, 6]] },
    { inputs: [[-1e400, 2, 3], [4, 5, 6]] },
    { inputs: [row, [[1, 2, 3]]] },
    { inputs: new Array(300).fill(row) },
    { inputs: new Array(1000).fill(0) },
    { inputs: row, extra: 1 },
    { inputs: row, dtype: "int32" },
    { inputs: row, dtype: "float64" },
    { shape: [2, 3], data: [1, 2, 3] },
    { shape: [2, 3], data: [1, 2, 3, 4, 5, "x"] },
    { shape: [-2, -3], data: [1, 2, 3, 4, 5, 6] },
    { shape: [0, 3], data: [] },
    { shape: [2.5, 3], data: [1, 2, 3, 4, 5, 6] },
    { shape: [3, 2], data: [1, 2, 3, 4, 5, 6] },
    { shape: [1e12, 1e12], data: [1] },
    { shape: [], data: [1] },
    { shape: "2,3", data: [1] },
    { shape: [2, 3], data: "123456" },
    { shape: [2, 3], data: [1, 2, 3, 4, 5, 1e999] },
    { shape: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], data: [1] },
    { shape: [2, 3] },
    { data: [1, 2, 3, 4, 5, 6] },
    { inputs: row, shape: [2, 3], data: [1, 2, 3, 4, 5, 6] },
    {},
    [],
    [row],
    { INPUTS: row },
  ];
  const out: Case[] = bodies.map((b, i) => ({
    name: `bad input ${i}`,
    path: PREDICT,
    headers: { "content-type": "application/json" },
    body: JSON.stringify(b),
  }));
  // Deep nesting: 100 000 levels of [].
  out.push({
    name: "deep nesting",
    path: PREDICT,
    headers: { "content-type": "application/json" },
    body: "[".repeat(100_000) + "]".repeat(100_000),
  });
  out.push({
    name: "deep nesting inputs",
    path: PREDICT,
    headers: { "content-type": "application/json" },
    body: '{"inputs":' + "[".repeat(5000) + "1" + "]".repeat(5000) + "}",
  });
  out.push({
    name: "huge body",
    path: PREDICT,
    headers: { "content-type": "application/json" },
    body: '{"inputs":[' + "0,".repeat(600_000) + "0]}",
  });
  return out;
}

function badNpy(): Case[] {
  const npy = (data: Float32Array | Float64Array | Int32Array | Uint8Array, shape: number[]) =>
    encodeNpy(data, shape);
  const nan = new Float32Array(6);
  nan[3] = NaN;
  const inf = new Float64Array(6);
  inf[0] = Infinity;
  const good = npy(new Float32Array(6), [2, 3]);
  const bodies: [string, Uint8Array][] = [
    ["nan", npy(nan, [2, 3])],
    ["infinity", npy(inf, [2, 3])],
    ["int32 dtype", npy(new Int32Array(6), [2, 3])],
    ["uint8 dtype", npy(new Uint8Array(6), [2, 3])],
    ["wrong shape", npy(new Float32Array(6), [3, 2])],
    ["rank 1", npy(new Float32Array(6), [6])],
    ["truncated", good.subarray(0, good.length - 5)],
    ["header only", good.subarray(0, 20)],
    ["empty", new Uint8Array(0)],
    ["garbage", new Uint8Array(200).fill(7)],
    ["bad magic", Uint8Array.from([...good].map((b, i) => (i === 1 ? 0 : b)))],
    ["zero batch", npy(new Float32Array(0), [0, 2, 3])],
    ["too many rows", npy(new Float32Array(300 * 6), [300, 2, 3])],
  ];
  const headerLie = new TextEncoder().encode(
    "\x93NUMPY\x01\x00\x76\x00{'descr': '<f4', 'fortran_order': False, 'shape': (100000000, 2, 3), }" +
      " ".repeat(45) + "\n",
  );
  bodies.push(["lying header", headerLie]);
  return bodies.map(([name, body]) => ({
    name: `npy ${name}`,
    path: PREDICT,
    headers: { "content-type": "application/x-npy" },
    body,
  }));
}

function badWaves(): Case[] {
  const bodies: unknown[] = [
    { size: -1 },
    { size: 0 },
    { size: 1 },
    { size: 1e9 },
    { size: 3.5 },
    { size: "32" },
    { size: null },
    { frames: -5 },
    { frames: 0 },
    { frames: 1e12 },
    { frames: 2.5 },
    { seed: -1 },
    { seed: 1e20 },
    { seed: "x" },
    { size: 256, frames: 4096 },
    { size: 200, frames: 2000 },
    { model: "nope" },
    { model: "" },
    { format: "png" },
    { format: 1 },
    { directional: "yes" },
    { extra: true },
    { size: Infinity },
    { size: [32] },
    { size: {} },
    [],
    "waves",
    17,
  ];
  return bodies.map((b, i) => ({
    name: `waves ${i}`,
    path: "/v1/waves",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(b) ?? "null",
  }));
}

function pathsAndMethods(): Case[] {
  const paths = [
    "/v1/models/../../etc/passwd",
    "/v1/models/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/v1/models/%00",
    "/v1/models/" + "a".repeat(5000),
    "/v1/models/tiny%2fpredict",
    "/v1/models/..%5c..%5cdeno.json",
    "/v1/models/nope/predict",
    "/v1/models/.hidden/predict",
    "/v1/models/-x/predict",
    "/etc/passwd",
    "/v2/models",
    "/v1",
    "/v1/models/tiny/predict/extra",
    "/%ff%fe",
    "/v1/models/%E2%80%AE",
    "/playground/../../deno.json",
    "/playground/%2e%2e/%2e%2e/deno.json",
    "/playground/..%2f..%2fdeno.json",
    "/static/../server.ts",
    "/.env",
    "/deno.json",
    "/server.ts",
    "/src/serve/app.ts",
  ];
  const out: Case[] = paths.map((p) => ({ name: `GET ${p.slice(0, 40)}`, method: "GET", path: p }));
  for (const p of paths.slice(0, 9)) {
    out.push({
      name: `POST ${p.slice(0, 40)}`,
      path: p,
      headers: { "content-type": "application/json" },
      body: "{}",
    });
  }
  for (
    const [method, path] of [
      ["GET", PREDICT],
      ["PUT", PREDICT],
      ["DELETE", PREDICT],
      ["PATCH", "/v1/waves"],
      ["GET", "/v1/waves"],
      ["DELETE", "/v1/models/tiny"],
      ["POST", "/health"],
      ["PUT", "/metrics"],
      ["POST", "/v1/models"],
    ]
  ) {
    out.push({
      name: `${method} ${path}`,
      method,
      path,
      ...(method === "GET" ? {} : { headers: { "content-type": "application/json" }, body: "{}" }),
    });
  }
  return out;
}

function missingAuth(): Case[] {
  const headers: Record<string, string>[] = [
    {},
    { authorization: "" },
    { authorization: "Bearer" },
    { authorization: "Bearer " },
    { authorization: `Basic ${btoa("user:" + TOKEN)}` },
    { authorization: `bearer ${TOKEN}x` },
    { authorization: `Bearer ${TOKEN} extra` },
    { authorization: `Token ${TOKEN}` },
    { authorization: TOKEN },
    { authorization: `Bearer ${TOKEN.toUpperCase()}` },
    { "x-api-key": TOKEN },
  ];
  const out: Case[] = [];
  for (const h of headers) {
    out.push(
      {
        name: `auth ${JSON.stringify(h)} predict`,
        path: PREDICT,
        headers: { ...h, "content-type": "application/json" },
        body: '{"inputs":[[1,2,3],[4,5,6]]}',
        noAuth: true,
      },
    );
    out.push(
      {
        name: `auth ${JSON.stringify(h)} models`,
        method: "GET",
        path: "/v1/models",
        headers: h,
        noAuth: true,
      },
    );
    const h2 = { ...h, "content-type": "application/json" };
    out.push(
      {
        name: `auth ${JSON.stringify(h)} waves`,
        path: "/v1/waves",
        headers: h2,
        body: "{}",
        noAuth: true,
      },
    );
    out.push(
      {
        name: `auth ${JSON.stringify(h)} openapi`,
        method: "GET",
        path: "/openapi.json",
        headers: h,
        noAuth: true,
      },
    );
  }
  return out;
}

/** Every hostile case. */
export function hostileCases(): Case[] {
  return [
    ...brokenJson(),
    ...wrongContent(),
    ...badInputs(),
    ...badNpy(),
    ...badWaves(),
    ...pathsAndMethods(),
    ...missingAuth(),
  ];
}
