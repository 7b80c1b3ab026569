import { wasmBytes } from "../kernels/generated/conv_rnn.ts";
const m = new WebAssembly.Module(wasmBytes);
console.log(WebAssembly.Module.imports(m), WebAssembly.Module.exports(m).map(e=>e.name));
// scan section ids
let p = 8; const ids = [];
const b = wasmBytes;
function leb() { let r = 0, s = 0; for (;;) { const x = b[p++]; r |= (x & 127) << s; s += 7; if (!(x & 128)) return r; } }
while (p < b.length) { const id = b[p++]; const len = leb(); ids.push(id); p += len; }
console.log("sections", ids);
