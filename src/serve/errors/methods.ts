/**
 * Which methods a path has routes for: a request with another method gets 405 and `Allow`
 * (RFC 9110) instead of 404. Computed from the app's route table, so it never goes stale.
 */

/** A route pattern (`/v1/models/:name`, `:target{re}`, `*`) as an anchored regex. */
function patternRegex(path: string): RegExp {
  let out = "";
  for (let i = 0; i < path.length;) {
    if (path[i] === ":") {
      const name = /^:[A-Za-z0-9_]+/.exec(path.slice(i))![0];
      i += name.length;
      if (path[i] === "{") {
        let depth = 0;
        let j = i;
        for (; j < path.length; j++) {
          if (path[j] === "{") depth++;
          else if (path[j] === "}" && --depth === 0) break;
        }
        out += `(?:${path.slice(i + 1, j)})`;
        i = j + 1;
      } else out += "[^/]+";
    } else if (path[i] === "*") {
      out += ".*";
      i++;
    } else {
      out += path[i].replace(/[.+?^${}()|[\]\\]/g, "\\$&");
      i++;
    }
  }
  return new RegExp(`^${out}$`);
}

/**
 * Methods (other than Hono's ALL, used by middleware) whose routes match `path`, sorted; HEAD
 * goes with GET.
 *
 * @example
 * ```ts
 * allowedMethods([{ method: "POST", path: "/v1/models/:name/predict" }], "/v1/models/fp/predict");
 * // ["POST"]
 * ```
 */
export function allowedMethods(
  routes: readonly { method: string; path: string }[],
  path: string,
): string[] {
  const methods = new Set<string>();
  for (const route of routes) {
    if (route.method === "ALL" || methods.has(route.method)) continue;
    if (patternRegex(route.path).test(path)) methods.add(route.method);
  }
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}
