/**
 * Keys of the document that the schema does not know. zod drops them silently (plain `z.object` strips), but in a
 * hand-written file an unknown key is usually a typo whose setting is then quietly ignored — so each becomes a
 * warning, with the nearest known key suggested. Loose objects and records accept any key.
 */
import { z } from "zod";
import type { KeyPath } from "./key-path.ts";
import { suggestClosestKey } from "./suggest-closest-key.ts";

export interface UnknownKey {
  path: KeyPath;
  /** The known key of the same table it most likely meant. */
  suggestion?: string;
}

export function findUnknownKeys(value: unknown, schema: z.core.$ZodType, path: KeyPath = []): UnknownKey[] {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject && isTable(value)) {
    const shape: Record<string, z.core.$ZodType> = inner.shape;
    const acceptsAnyKey = inner._zod.def.catchall !== undefined && !(inner._zod.def.catchall instanceof z.ZodNever);
    return Object.entries(value).flatMap(([key, item]) => {
      const known = shape[key];
      if (known) return findUnknownKeys(item, known, [...path, key]);
      if (acceptsAnyKey) return [];
      const suggestion = suggestClosestKey(key, Object.keys(shape));
      return [suggestion ? { path: [...path, key], suggestion } : { path: [...path, key] }];
    });
  }
  if (inner instanceof z.ZodArray && Array.isArray(value)) {
    const element: z.core.$ZodType = inner.element;
    return value.flatMap((item, index) => findUnknownKeys(item, element, [...path, index]));
  }
  if (inner instanceof z.ZodUnion) {
    // The option the value satisfies, else the first (for `api_providers`: the Bedrock schema, whose typos matter).
    const options: readonly z.core.$ZodType[] = inner.options;
    const option = options.find((candidate) => z.safeParse(candidate, value).success) ?? options[0];
    return option ? findUnknownKeys(value, option, path) : [];
  }
  if (inner instanceof z.ZodTuple && Array.isArray(value)) {
    const items: readonly z.core.$ZodType[] = inner._zod.def.items;
    return value.flatMap((item, index) => {
      const element = items[index];
      return element ? findUnknownKeys(item, element, [...path, index]) : [];
    });
  }
  return [];
}

/** Looks through `.default()`, `.optional()` and `.nullable()` to the schema that has keys. */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return unwrap(schema.unwrap());
  }
  return schema;
}

function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
