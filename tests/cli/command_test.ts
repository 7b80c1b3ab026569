import assert from "node:assert/strict";
import { type Command, helpText, parseFlags } from "../../src/cli/command.ts";
import { InputError } from "../../src/util/errors.ts";

const FLAGS = {
  gain: { type: "string" as const, description: "a gain" },
  offsets: { type: "string" as const, description: "comma list" },
  verbose: { type: "boolean" as const, description: "talk" },
};

Deno.test("parseFlags: a negative number after a flag that takes a value is its value", () => {
  const { flags, positionals } = parseFlags(
    ["--gain", "-3", "--offsets", "-1.5,2", "--verbose", "x", "--", "-4"],
    FLAGS,
    "test",
  );
  assert.equal(flags.gain, "-3");
  assert.equal(flags.offsets, "-1.5,2");
  assert.equal(flags.verbose, true);
  assert.deepEqual(positionals, ["x", "-4"]);
  assert.equal(parseFlags(["--gain", "-1e-3"], FLAGS, "test").flags.gain, "-1e-3");
  assert.equal(parseFlags(["--gain=-.5"], FLAGS, "test").flags.gain, "-.5");
});

Deno.test("parseFlags: a flag-like value is still refused, and a switch never takes a number", () => {
  assert.throws(() => parseFlags(["--gain", "-x"], FLAGS, "test"), InputError);
  assert.throws(() => parseFlags(["--verbose", "-3"], FLAGS, "test"), InputError);
});

Deno.test("helpText: descriptions are aligned and stay apart from long flag names", () => {
  const command: Command = {
    name: "demo",
    summary: "A demo.",
    flags: {
      ...FLAGS,
      "a-very-long-flag-name-indeed": { type: "string", description: "long one" },
    },
  };
  const lines = helpText("prevision demo", command).split("\n").filter((l) => l.startsWith("  --"));
  for (const line of lines) assert.match(line, /^ {2}--\S+( <\S+>)? {2,}\S/, line);
  const starts = lines.map((line) =>
    line.length - line.replace(/^ {2}--\S+( <\S+>)? +/, "").length
  );
  assert.equal(new Set(starts).size, 1, lines.join("\n"));
  assert.ok(lines.length > 4);
  assert.ok(
    lines.some((l) =>
      l.includes("--a-very-long-flag-name-indeed <a-very-long-flag-name-indeed>  long one")
    ),
  );
});
