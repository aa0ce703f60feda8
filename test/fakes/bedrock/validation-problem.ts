/**
 * Helpers for the request validators: JSON guards, and the two message styles Bedrock uses. Shape constraints come in
 * the generic AWS style ("1 validation error detected: Value 'x' at 'messages.1.member.role' failed to satisfy
 * constraint: ...", list positions 1-based followed by `member`); conversation rules come as sentences with 0-based
 * dotted paths ("... at messages.2.content ...").
 */

export type JsonObject = Record<string, unknown>;

/** Thrown by a check; the validator turns the first one into the ValidationException message. */
export class ValidationProblem extends Error {
  override readonly name = "ValidationProblem";
}

export function reject(message: string): never {
  throw new ValidationProblem(message);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Path in the generic AWS style: numbers are list positions, printed 1-based and followed by `member`. */
export function memberPath(...segments: (string | number)[]): string {
  return segments.map((segment) => (typeof segment === "number" ? `${segment + 1}.member` : segment)).join(".");
}

/** Path in the sentence style: 0-based, dotted. */
export function dotPath(...segments: (string | number)[]): string {
  return segments.join(".");
}

/** A value printed the way AWS does: quoted and cut at 80 chars, or a bare `null` when it is missing. */
function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "null";
  if (typeof value === "string") return `'${value.length > 80 ? `${value.slice(0, 80)}...` : value}'`;
  if (typeof value === "number" || typeof value === "boolean") return `'${String(value)}'`;
  const json = JSON.stringify(value);
  return `'${json.length > 80 ? `${json.slice(0, 80)}...` : json}'`;
}

/** A broken shape constraint: which member, what it held, what it must satisfy. */
export interface ConstraintViolation {
  path: string;
  value: unknown;
  constraint: string;
}

/** "N validation error(s) detected: Value 'x' at 'path' failed to satisfy constraint: ...; Value ..." */
export function formatConstraintViolations(violations: readonly ConstraintViolation[]): string {
  const parts = violations.map(({ path, value, constraint }) => `Value ${describeValue(value)} at '${path}' failed to satisfy constraint: ${constraint}`);
  return `${violations.length} validation error${violations.length === 1 ? "" : "s"} detected: ${parts.join("; ")}`;
}

export function rejectConstraint(path: string, value: unknown, constraint: string): never {
  reject(formatConstraintViolations([{ path, value, constraint }]));
}

export function rejectExtraneousKeys(value: JsonObject, allowed: readonly string[], where: string): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      reject(`Malformed input request: ${where}: extraneous key [${key}] is not permitted, please reformat your input and try again.`);
    }
  }
}

export function requireObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) rejectConstraint(path, value, "Member must be a structure");
  return value;
}

export function requireArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) rejectConstraint(path, value, "Member must be a list");
  return value;
}

export function requireString(value: unknown, path: string): string {
  if (typeof value !== "string") rejectConstraint(path, value, "Member must not be null and must be a string");
  return value;
}

export function requireEnum<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    rejectConstraint(path, value, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  }
  return value as T;
}

/** The single member set in a union (a content block, a source, a tool choice). */
export function unionMember(value: JsonObject, allowed: readonly string[], path: string): string {
  const keys = Object.keys(value);
  const [key] = keys;
  if (keys.length !== 1 || key === undefined) {
    reject(`Malformed input request: ${path}: exactly one member of [${allowed.join(", ")}] must be set, found ${keys.length}, please reformat your input and try again.`);
  }
  if (!allowed.includes(key)) {
    reject(`Malformed input request: ${path}: unknown member [${key}]; expected one of [${allowed.join(", ")}], please reformat your input and try again.`);
  }
  return key;
}
