/** Quotes one word for POSIX shells (bash, sh): safe for any path or argument. */
export function shq(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** Quotes and joins an argv for a shell script line. */
export function shJoin(argv: string[]): string {
  return argv.map(shq).join(" ");
}
