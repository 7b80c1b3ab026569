import { columns, type Command, helpText, parseFlags } from "./command.ts";
import { errorMessage, InputError } from "../util/errors.ts";

const encoder = new TextEncoder();

function stdout(line: string): void {
  Deno.stdout.writeSync(encoder.encode(line + "\n"));
}

function stderr(line: string): void {
  Deno.stderr.writeSync(encoder.encode(line + "\n"));
}

/** Help of a command with subcommands: each one with its summary's first line. */
async function subcommandHelp(prefix: string, command: Command): Promise<string> {
  const subcommands = command.subcommands ?? {};
  const rows: [string, string][] = [];
  for (const name of Object.keys(subcommands)) {
    let summary: string;
    try {
      summary = (await subcommands[name]()).summary.split("\n")[0];
    } catch (error) {
      summary = `(cannot be loaded: ${errorMessage(error)})`;
    }
    rows.push([name === command.defaultSubcommand ? `${name} (default)` : name, summary]);
  }
  const what = command.positionals ?? "<command>";
  const noun = what.replace(/[<>]/g, "");
  return [
    `usage: ${prefix} ${what} [flags]`,
    "",
    command.summary,
    "",
    `${noun.endsWith("y") ? `${noun.slice(0, -1)}ies` : `${noun}s`}:`,
    ...columns(rows),
    "",
    `\`${prefix} ${what} --help\` lists its flags.`,
  ].join("\n");
}

/** Resolves subcommands: returns the leaf command, its argv and its display name. */
async function resolve(
  root: Command,
  argv: string[],
  prefix: string,
): Promise<{ command: Command; argv: string[]; prefix: string }> {
  let command = root;
  let rest = argv;
  while (command.subcommands) {
    const first = rest[0];
    const names = Object.keys(command.subcommands);
    let name: string | undefined;
    if (first !== undefined && !first.startsWith("-")) {
      name = first;
      rest = rest.slice(1);
    } else if (first === "--help" || first === "-h") {
      stdout(await subcommandHelp(prefix, command));
      Deno.exit(0);
    } else {
      name = (await command.pickSubcommand?.(rest)) ?? command.defaultSubcommand;
    }
    if (name === undefined || !(name in command.subcommands)) {
      throw new InputError(
        `${prefix}: unknown ${name === undefined ? "(missing)" : `'${name}'`}; expected one of ${
          names.join(", ")
        }`,
      );
    }
    command = await command.subcommands[name]();
    prefix = `${prefix} ${name}`;
  }
  return { command, argv: rest, prefix };
}

/** File-system errors a user's path causes (an `--out` that cannot be written, …). */
const FILE_ERRORS = [
  Deno.errors.NotFound,
  Deno.errors.PermissionDenied,
  Deno.errors.NotCapable,
  Deno.errors.AlreadyExists,
  Deno.errors.IsADirectory,
  Deno.errors.NotADirectory,
  Deno.errors.FilesystemLoop,
];

/**
 * A file-system error as one line naming the path (`cannot mkdir '/proc/x': no such file or
 * directory`), or null for other errors. Such errors are bad input (exit 2), not crashes.
 */
export function fileProblem(error: unknown): string | null {
  if (!FILE_ERRORS.some((kind) => error instanceof kind)) return null;
  const message = errorMessage(error);
  const os = /^(.*?) \(os error \d+\)(?:: (\w+) '(.*)')?$/.exec(message);
  if (os && os[2]) return `cannot ${os[2]} '${os[3]}': ${os[1].toLowerCase()}`;
  if (os) return os[1].toLowerCase();
  const capable = /^Requires (\w+) access to "?([^",]+)"?/.exec(message);
  if (capable) {
    const verb = capable[1] === "all" ? "use" : capable[1];
    return `not permitted to ${verb} ${capable[2]}: this command writes only to its output ` +
      `folder (--out, --resume)`;
  }
  return message.split("\n")[0];
}

/**
 * Runs a CLI command tree: parses flags strictly, initialises the backend when the command
 * needs one, prints the JSON summary as the last stdout line with `--json`, and turns
 * errors into one line on stderr with exit code 2 (bad input) or 1 (anything else).
 */
export async function runCli(root: Command, argv: string[], prefix: string): Promise<never> {
  try {
    const { command, argv: rest, prefix: name } = await resolve(root, argv, prefix);
    const { flags, positionals } = parseFlags(rest, command.flags, name);
    if (flags.help) {
      stdout(helpText(name, command));
      Deno.exit(0);
    }
    if (!command.run) throw new InputError(`${name}: nothing to run`);
    if (command.needsBackend) {
      const { parseBackend, useBackend } = await import("../backend/select.ts");
      await useBackend(parseBackend(flags.backend as string | undefined));
    } else if (flags.backend !== undefined) {
      const { parseBackend } = await import("../backend/select.ts");
      parseBackend(flags.backend as string);
    }
    const summary = await command.run(flags, positionals);
    if (flags.json) stdout(JSON.stringify(summary));
    Deno.exit(0);
  } catch (error) {
    if (error instanceof InputError) {
      stderr(`error: ${errorMessage(error)}`);
      Deno.exit(2);
    }
    const file = fileProblem(error);
    if (file) {
      stderr(`error: ${file}`);
      Deno.exit(2);
    }
    stderr(`error: ${errorMessage(error)}`);
    if (Deno.env.get("PREVISION_DEBUG") && error instanceof Error) stderr(error.stack ?? "");
    Deno.exit(1);
  }
}
