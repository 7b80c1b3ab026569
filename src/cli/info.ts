import type { Command } from "./command.ts";
import { tf } from "../backend/tf.ts";
import { currentBackend } from "../backend/select.ts";
import { backendInfo } from "../backend/info.ts";
import { log } from "../util/log.ts";
import denoJson from "../../deno.json" with { type: "json" };

/** `deno task info`: versions, the selected backend and what each backend offers. */
export const infoCommand: Command = {
  name: "info",
  summary: "Show versions, the selected backend and the availability of every backend.",
  flags: {},
  needsBackend: true,
  async run() {
    const backends = await backendInfo();
    const summary = {
      version: denoJson.version,
      deno: Deno.version.deno,
      tfjs: tf.version.tfjs,
      backend: currentBackend(),
      backends,
    };
    log(`prevision ${summary.version} (deno ${summary.deno}, tfjs ${summary.tfjs})`);
    log(`selected backend: ${summary.backend}`);
    const g = backends.webgpu;
    log(
      `webgpu: ${
        g.available
          ? `${g.adapter}${g.fallback ? " (fallback/software adapter)" : ""}`
          : "unavailable"
      }`,
    );
    log(
      `wasm:   simd ${backends.wasm.simd ? "yes" : "no"}, threads ${
        backends.wasm.threads ? "yes" : "no"
      }`,
    );
    log("cpu:    available");
    return summary;
  },
};
