import assert from "node:assert/strict";
import { unrestricted } from "./check.ts";

Deno.test("permissions check: deno.json's tasks grant no unrestricted --allow-run/--allow-write", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  ) as { tasks: Record<string, string> };
  assert.deepEqual(unrestricted(config.tasks), []);
  assert.match(config.tasks.check, /tests\/permissions\/check\.ts/);
});

Deno.test("permissions check: catches -A, --allow-all and bare --allow-run / --allow-write", () => {
  assert.deepEqual(
    unrestricted({
      a: "deno run -A x.ts",
      b: "deno test --allow-all x.ts",
      c: "deno run --allow-read --allow-run --allow-net=127.0.0.1 x.ts",
      d: "deno run --allow-write x.ts",
      ok: "deno run --allow-write=runs --allow-run=\"$(deno eval 'x')\",ffmpeg x.ts",
    }),
    [
      "a: -A grants every permission",
      "b: --allow-all grants every permission",
      "c: --allow-run without a list",
      "d: --allow-write without a list",
    ],
  );
});

Deno.test("permissions check: exits 1 naming the task when one comes back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/deno.json`;
    await Deno.writeTextFile(
      path,
      JSON.stringify({ tasks: { train: "deno run --allow-run cli.ts" } }),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", new URL("./check.ts", import.meta.url).pathname, path],
      stderr: "piped",
    }).output();
    assert.equal(out.code, 1);
    assert.match(new TextDecoder().decode(out.stderr), /train: --allow-run without a list/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
