import assert from "node:assert/strict";
import { tmpdir } from "node:os";
import { unrestricted } from "./check.ts";
import { testGrants } from "./test_grants.ts";

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
      JSON.stringify({
        tasks: {
          train: "deno run --allow-run cli.ts",
          test: "deno test --allow-read --allow-write --allow-run=deno tests/",
          ok:
            'deno test --allow-write="$(deno run x.ts write)" --allow-run="$(deno run x.ts run)" t/',
        },
      }),
    );
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", new URL("./check.ts", import.meta.url).pathname, path],
      stderr: "piped",
    }).output();
    assert.equal(out.code, 1);
    const stderr = new TextDecoder().decode(out.stderr);
    assert.match(stderr, /train: --allow-run without a list/);
    // The test tasks are not exempt (they once were).
    assert.match(stderr, /test: --allow-write without a list/);
    assert.doesNotMatch(stderr, /ok:/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("test grants: the test tasks ask test_grants.ts for Deno, the temp folder and nothing unlisted", async () => {
  const config = JSON.parse(
    await Deno.readTextFile(new URL("../../deno.json", import.meta.url)),
  ) as { tasks: Record<string, string> };
  for (const task of ["test", "test:slow"]) {
    assert.match(config.tasks[task], /--allow-run="\$\(deno run [^)]*test_grants\.ts run\)"/);
    assert.match(config.tasks[task], /--allow-write="\$\(deno run [^)]*test_grants\.ts write\)"/);
  }
  const grants = testGrants();
  assert.equal(grants.run[0], Deno.execPath());
  assert.ok(grants.run.every((p) => p.startsWith("/")), grants.run.join(","));
  assert.ok(grants.write.includes(tmpdir()));
  assert.ok(
    !grants.write.some((p) => p === "/" || p === new URL("../../", import.meta.url).pathname),
  );
});
