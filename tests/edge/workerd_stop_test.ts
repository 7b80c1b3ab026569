/**
 * startWorkerd without a binary runs workerd through src/edge/_workerd_launch.ts (what `deno
 * task bench serve --target edge` does, being allowed to run Deno but not workerd); stopping
 * it must stop workerd too. npm:workerd's own launcher did not: it left workerd running under
 * init, holding the output pipes, so that stop() never returned.
 */
import assert from "node:assert/strict";
import { workerdConfig } from "../../src/edge/config.ts";
import { startWorkerd } from "../../src/edge/workerd.ts";
import { requires } from "../_tools.ts";

/** A /proc file of process `pid`, or null when it is gone (through `cat`: Deno grants /proc
 * reads only with --allow-all). */
function proc(pid: number, file: string): string | null {
  const out = new Deno.Command("cat", { args: [`/proc/${pid}/${file}`], stderr: "null" })
    .outputSync();
  return out.success ? new TextDecoder().decode(out.stdout) : null;
}

/** Whether process `pid` exists and is not a zombie. */
function running(pid: number): boolean {
  const stat = proc(pid, "stat");
  return stat !== null && stat[stat.lastIndexOf(")") + 2] !== "Z";
}

const need = requires("edge: stopping workerd's launcher stops workerd (no orphan)", "workerd");

Deno.test({
  ...need,
  ignore: need.ignore || Deno.build.os !== "linux", // /proc
  fn: async () => {
    const dir = await Deno.makeTempDir({ prefix: "edge-stop-" });
    try {
      await Deno.writeTextFile(
        `${dir}/worker.js`,
        'export default { fetch() { return new Response("{}"); } };\n',
      );
      const config = workerdConfig({ worker: "worker.js", wasm: [], data: [], fetchHosts: [] });
      await Deno.writeTextFile(`${dir}/config.capnp`, config);
      const workerd = await startWorkerd(dir);
      const comm = proc(workerd.pid, "comm")?.trim();
      assert.equal(comm, "workerd", "startWorkerd did not find the workerd process");
      assert.equal(await (await fetch(`${workerd.base}/`)).text(), "{}");
      await workerd.stop();
      assert.ok(!running(workerd.pid), `workerd (pid ${workerd.pid}) still runs after stop()`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
