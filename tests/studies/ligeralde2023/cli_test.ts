import assert from "node:assert/strict";
import { runCliProcess } from "../../_cli.ts";

Deno.test("ligeralde2023: a missing Fashion-MNIST folder is a one-line error naming the package", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const res = await runCliProcess([
      "train",
      "ligeralde2023",
      "--quick",
      "--fashion-mnist",
      dir,
      "--out",
      `${dir}/run`,
    ]);
    assert.equal(res.code, 2, res.stderr);
    // The error is the last line and names what to install.
    const last = res.stderr.trim().split("\n").at(-1) ?? "";
    assert.match(last, /^error: .*apt-get install dataset-fashion-mnist/, res.stderr);
    assert.doesNotMatch(res.stderr, /\n\s+at /, "no stack trace");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
