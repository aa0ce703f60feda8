/**
 * SDK values -> JSON for a JSONL record: `Uint8Array` bytes become base64 strings (on the wire, `bytes` are base64;
 * the SDK encodes them only for live calls), `undefined` properties are dropped.
 */

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

export function toWireJson(value: unknown): JsonValue {
  if (value instanceof Uint8Array) return toBase64(value);
  if (Array.isArray(value)) return value.map(toWireJson);
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "object") {
    const object: { [key: string]: JsonValue } = {};
    // Keys rather than entries: one array per object instead of one per property (records are built by the 100,000).
    for (const key of Object.keys(value)) {
      const field: unknown = (value as Record<string, unknown>)[key];
      if (field !== undefined) object[key] = toWireJson(field);
    }
    return object;
  }
  throw new TypeError(`not JSON-representable: ${typeof value}`);
}
