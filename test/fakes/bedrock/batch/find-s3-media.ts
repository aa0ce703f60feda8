/**
 * Media a record references by S3 location: every `s3Location: {uri}` anywhere in its modelInput (Converse bodies
 * and Nova's native body both put it under `source`).
 */
import { isObject } from "../validation-problem.ts";

export function findS3Media(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(findS3Media);
  if (!isObject(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    if (key === "s3Location" && isObject(inner) && typeof inner.uri === "string") return [inner.uri];
    return findS3Media(inner);
  });
}
