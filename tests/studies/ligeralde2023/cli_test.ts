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
    const errors = res.stderr.trim().split("\n").filter((l) => /error/i.test(l));
    assert.equal(errors.length, 1, res.stderr);
    assert.match(errors[0], /apt-get install dataset-fashion-mnist/);
    assert.doesNotMatch(res.stderr, /\n\s+at /, "no stack trace");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
