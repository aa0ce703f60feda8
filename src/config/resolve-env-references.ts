/**
 * `${ENV_NAME}` and `${ENV_NAME:-default}` in any string of the config, replaced from an env object passed in
 * (never `process.env` directly) before validation, so secrets stay out of the file and a region can follow
 * `AWS_REGION`. Like the shell, `:-` also applies when the variable is set but empty; `$${` writes a literal `${`.
 */
import { formatKeyPath, type KeyPath } from "./key-path.ts";

export type Env = Readonly<Record<string, string | undefined>>;

/** A reference that could not be resolved; `message` names the key path and the variable. */
interface EnvReferenceIssue {
  path: KeyPath;
  message: string;
}

export interface ResolvedEnvReferences {
  /** The document with references replaced; unresolvable ones are left as written. */
  value: unknown;
  issues: EnvReferenceIssue[];
  /** `formatKeyPath` of each string that held a reference -> the string as written, to show in messages. */
  written: Map<string, string>;
}

/** An environment variable name, as shells accept it. */
export const ENV_NAME_PATTERN = "[A-Za-z_][A-Za-z0-9_]*";
/** The inside of `${...}`: a name, optionally `:-` and a fallback. */
const REFERENCE = new RegExp(`^(${ENV_NAME_PATTERN})(?::-(.*))?$`, "s");

export function resolveEnvReferences(document: unknown, env: Env): ResolvedEnvReferences {
  const issues: EnvReferenceIssue[] = [];
  const written = new Map<string, string>();
  const visit = (value: unknown, path: KeyPath): unknown => {
    if (typeof value === "string") {
      if (!value.includes("${")) return value;
      const resolved = resolveEnvString(value, env);
      written.set(formatKeyPath(path), value);
      for (const problem of resolved.problems) issues.push({ path, message: `${formatKeyPath(path)} ${problem}` });
      return resolved.value;
    }
    if (Array.isArray(value)) return value.map((item, index) => visit(item, [...path, index]));
    if (isPlainTable(value)) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visit(item, [...path, key])]));
    }
    return value;
  };
  return { value: visit(document, []), issues, written };
}

/** One string: the replaced text, and a sentence per reference that could not be resolved. */
export function resolveEnvString(text: string, env: Env): { value: string; problems: string[] } {
  const problems: string[] = [];
  let value = "";
  let i = 0;
  for (let open = text.indexOf("${"); open !== -1; open = text.indexOf("${", i)) {
    if (text[open - 1] === "$") {
      value += `${text.slice(i, open - 1)}\${`;
      i = open + 2;
      continue;
    }
    value += text.slice(i, open);
    const close = text.indexOf("}", open);
    const match = close === -1 ? null : REFERENCE.exec(text.slice(open + 2, close));
    if (!match?.[1]) {
      const reference = close === -1 ? text.slice(open) : text.slice(open, close + 1);
      problems.push(`has a malformed reference ${JSON.stringify(reference)} (expected \${NAME} or \${NAME:-default}; write $\${ for a literal \${)`);
      value += reference;
      i = close === -1 ? text.length : close + 1;
      continue;
    }
    const [reference, name, fallback] = match;
    const set = env[name];
    if (fallback !== undefined && !set) value += fallback;
    else if (set !== undefined) value += set;
    else {
      problems.push(`refers to \${${name}}, but the environment variable ${name} is not set (write \${${name}:-default} for a fallback)`);
      value += `\${${reference}}`;
    }
    i = close + 1;
  }
  return { value: value + text.slice(i), problems };
}

/** smol-toml tables are plain (or prototype-less) objects; dates are `TomlDate` instances, left as they are. */
function isPlainTable(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
