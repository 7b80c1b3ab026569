/**
 * Reading imports out of TypeScript source for the layering check: comments and template
 * text blanked out, then static and dynamic imports, re-exports and `new URL("x.ts", …)`.
 */
/** Replaces comments and the text of template literals by spaces (keeping line breaks),
 * so that imports in JSDoc examples, in commented-out code or in generated source text are
 * not counted; strings, regular expressions and `${…}` expressions are kept. */
export function codeOnly(source: string): string {
  const out = source.split("");
  let i = 0;
  const n = source.length;
  // `{` depths at which a template literal's `${` was opened, to resume the template.
  const templates: number[] = [];
  let depth = 0;
  let lastSignificant = "";
  const blank = (from: number, to: number) => {
    for (let k = from; k < to; k++) if (out[k] !== "\n") out[k] = " ";
  };
  const skipString = (quote: string) => {
    i++;
    while (i < n && source[i] !== quote && source[i] !== "\n") {
      i += source[i] === "\\" ? 2 : 1;
    }
    i++;
  };
  const skipTemplate = () => {
    // i is just after a backtick or a closing `}` of `${…}`.
    const start = i;
    while (i < n) {
      if (source[i] === "\\") i += 2;
      else if (source[i] === "`") {
        blank(start, i);
        i++;
        return;
      } else if (source[i] === "$" && source[i + 1] === "{") {
        blank(start, i);
        i += 2;
        templates.push(depth);
        depth++;
        return;
      } else i++;
    }
    blank(start, n);
  };
  const regexMayStart = () =>
    lastSignificant === "" || "(,=:[!&|?{};+-*%<>~^".includes(lastSignificant) ||
    /\b(return|typeof|case|do|else|in|of|void|yield|await)$/.test(source.slice(0, i).trimEnd());
  while (i < n) {
    const c = source[i];
    if (c === "/" && source[i + 1] === "/") {
      const end = source.indexOf("\n", i);
      const stop = end < 0 ? n : end;
      blank(i, stop);
      i = stop;
    } else if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? n : end + 2;
      blank(i, stop);
      i = stop;
    } else if (c === "'" || c === '"') {
      skipString(c);
      lastSignificant = c;
    } else if (c === "`") {
      i++;
      skipTemplate();
      lastSignificant = "`";
    } else if (c === "/" && regexMayStart()) {
      i++;
      let inClass = false;
      while (i < n && source[i] !== "\n") {
        if (source[i] === "\\") i++;
        else if (source[i] === "[") inClass = true;
        else if (source[i] === "]") inClass = false;
        else if (source[i] === "/" && !inClass) break;
        i++;
      }
      i++;
      lastSignificant = "/";
    } else {
      if (c === "{") depth++;
      else if (c === "}") {
        depth--;
        if (templates.length > 0 && templates[templates.length - 1] === depth) {
          templates.pop();
          i++;
          skipTemplate();
          lastSignificant = "`";
          continue;
        }
      }
      if (!/\s/.test(c)) lastSignificant = c;
      i++;
    }
  }
  return out.join("");
}

/** One import found in a source file. */
export interface ImportSpecifier {
  /** The module specifier as written. */
  specifier: string;
  /** Whether only types are imported (`import type`, or every name marked `type`): such an
   * import is erased at run time, so it cannot take part in a run-time cycle. */
  typeOnly: boolean;
}

const IMPORT_PATTERNS: RegExp[] = [
  // import … from "x", export … from "x"
  /\b(?:import|export)\b([^;"'`()]*?)\bfrom\s*(["'])([^"'\n]+)\2/g,
  // import "x" (side effects only)
  /\bimport()\s*(["'])([^"'\n]+)\2/g,
  // import("x")
  /\bimport()\s*\(\s*(["'])([^"'\n$]+)\2\s*[,)]/g,
  // new URL("x.ts", import.meta.url): modules loaded by URL, such as worker scripts
  /\bnew\s+URL()\(\s*(["'])([^"'\n]+\.ts)\2\s*,\s*import\.meta\.url/g,
];

function isTypeOnly(clause: string): boolean {
  const text = clause.trim();
  if (/^type\b/.test(text)) return true;
  const braces = /^\{([^}]*)\}$/.exec(text);
  if (!braces) return false;
  const names = braces[1].split(",").map((name) => name.trim()).filter((name) => name !== "");
  return names.length > 0 && names.every((name) => /^type\s/.test(name));
}

/** The imports of a TypeScript source (static, dynamic, re-exports, and `.ts` files named
 * by `new URL(…, import.meta.url)`), in order of appearance. */
export function importSpecifiers(source: string): ImportSpecifier[] {
  const code = codeOnly(source);
  const found: { at: number; spec: ImportSpecifier }[] = [];
  for (const pattern of IMPORT_PATTERNS) {
    for (const match of code.matchAll(pattern)) {
      found.push({
        at: match.index,
        spec: { specifier: match[3], typeOnly: isTypeOnly(match[1]) },
      });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.spec);
}
