/**
 * Flat model outputs as JSON text without the detour through a JS array: `Array.from` of a
 * Float32Array then `JSON.stringify` boxes every value and walks it twice; joining the typed
 * array writes the same digits (ToString of each float's double value, as JSON.stringify
 * does) in a third of the time. JSON has no NaN or Infinity: those become `null`, as
 * JSON.stringify writes them.
 */

/** Values joined by commas, as JSON numbers (non-finite ones as `null`). */
function joined(data: Float32Array): string {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      return Array.from(data, (v) => Number.isFinite(v) ? String(v) : "null").join(",");
    }
  }
  return data.join(",");
}

/** A flat JSON array of the values, e.g. `[0.5,1]`; the same text as `JSON.stringify(Array.from(data))`. */
export function floatsJson(data: Float32Array): string {
  return `[${joined(data)}]`;
}
