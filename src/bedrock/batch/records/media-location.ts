/**
 * Media a record references by `s3Location` must sit in the job's bucket, under the job's input folder (reference:
 * "Media referenced by s3Location must live in the same bucket and under the folder given as the input s3Uri"). Which
 * job a record lands in is decided after records are built (chunking), so a record's body points at a placeholder
 * folder, its `media` entry carries the key relative to that folder, and the uploader resolves both per job.
 */

/** Stands for the job's input folder; `<` is not allowed in bucket names, so an unresolved URI fails loudly. */
export const INPUT_FOLDER_PLACEHOLDER = "s3://<input-folder>/";

/** `media/000001-clip.mp4`: unique within a run (the counter), readable (the name), safe as an S3 key. */
export function mediaKey(counter: number, filename: string): string {
  const safeName = filename
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents: é -> e
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .slice(-100);
  return `media/${String(counter).padStart(6, "0")}-${safeName}`;
}

/** The URI a record body holds for `key` until `resolveMediaUris` runs. */
export function placeholderMediaUri(key: string): string {
  return `${INPUT_FOLDER_PLACEHOLDER}${key}`;
}

/**
 * `modelInput` with every placeholder `s3Location.uri` pointing under `inputFolderUri`
 * (`s3://bucket/prefix/run-1/job-1/input/`); the media itself goes to `<that folder><key>`. Pure: returns a copy.
 */
export function resolveMediaUris<T>(modelInput: T, inputFolderUri: string): T {
  const folder = inputFolderUri.endsWith("/") ? inputFolderUri : `${inputFolderUri}/`;
  const resolve = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value !== "object" || value === null) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      copy[key] = key === "uri" && typeof field === "string" && field.startsWith(INPUT_FOLDER_PLACEHOLDER)
        ? folder + field.slice(INPUT_FOLDER_PLACEHOLDER.length)
        : resolve(field);
    }
    return copy;
  };
  return resolve(modelInput) as T;
}
