import type { BodyIssue } from "./discord-error.ts";

// Limits Discord holds bots to on top of what its OpenAPI schemas say (the schema allows 4000-char content,
// the Nitro limit). Sources: discord.com/developers/docs/resources/message, .../interactions/application-commands,
// .../components/reference.

/** `content` of a bot message. */
const MAX_CONTENT = 2000;
/** Embeds per message. */
const MAX_EMBEDS = 10;
/** Characters across all embeds of a message (titles, descriptions, fields, footers, authors). */
const MAX_EMBED_TOTAL_CHARS = 6000;
/** Files per message. */
const MAX_ATTACHMENTS = 10;
/** `custom_id` of a component. */
const MAX_CUSTOM_ID = 100;
/** Buttons in one action row. */
const MAX_BUTTONS_PER_ROW = 5;
/** Top-level action rows of a (non components-v2) message. */
const MAX_ACTION_ROWS = 5;
/** Options of a select menu. */
const MAX_SELECT_OPTIONS = 25;
/** Message flag IS_COMPONENTS_V2 lifts the 5-row limit (layout components instead). */
const IS_COMPONENTS_V2 = 1 << 15;

const EMBED_LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, author: 256 };

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const text = (value: unknown): string => (typeof value === "string" ? value : "");

/**
 * Bot limits for a message-like body (create, edit, webhook execute/edit, interaction response `data`).
 * `fileCount` is the number of uploaded `files[n]` parts.
 */
export function messageLimitIssues(body: Json, fileCount: number): BodyIssue[] {
  const issues: BodyIssue[] = [];
  const content = text(body.content);
  if (content.length > MAX_CONTENT) {
    issues.push({ path: "content", code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MAX_CONTENT} or fewer in length.` });
  }
  issues.push(...embedIssues(body.embeds));
  const attachmentCount = Math.max(records(body.attachments).length, fileCount);
  if (attachmentCount > MAX_ATTACHMENTS) {
    issues.push({ path: "attachments", code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MAX_ATTACHMENTS} or fewer in length.` });
  }
  const flags = typeof body.flags === "number" ? body.flags : 0;
  issues.push(...componentIssues(body.components, (flags & IS_COMPONENTS_V2) !== 0));
  issues.push(...allowedMentionsIssues(body.allowed_mentions));
  return issues;
}

function embedIssues(value: unknown): BodyIssue[] {
  const embeds = records(value);
  const issues: BodyIssue[] = [];
  if (embeds.length > MAX_EMBEDS) {
    issues.push({ path: "embeds", code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MAX_EMBEDS} or fewer in length.` });
  }
  let total = 0;
  const tooLong = (path: string, value: string, max: number): void => {
    total += value.length;
    if (value.length > max) issues.push({ path, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${max} or fewer in length.` });
  };
  embeds.forEach((embed, i) => {
    tooLong(`embeds.${i}.title`, text(embed.title), EMBED_LIMITS.title);
    tooLong(`embeds.${i}.description`, text(embed.description), EMBED_LIMITS.description);
    const footer = isRecord(embed.footer) ? text(embed.footer.text) : "";
    tooLong(`embeds.${i}.footer.text`, footer, EMBED_LIMITS.footer);
    const author = isRecord(embed.author) ? text(embed.author.name) : "";
    tooLong(`embeds.${i}.author.name`, author, EMBED_LIMITS.author);
    const fields = records(embed.fields);
    if (fields.length > EMBED_LIMITS.fields) {
      issues.push({ path: `embeds.${i}.fields`, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${EMBED_LIMITS.fields} or fewer in length.` });
    }
    fields.forEach((field, j) => {
      tooLong(`embeds.${i}.fields.${j}.name`, text(field.name), EMBED_LIMITS.fieldName);
      tooLong(`embeds.${i}.fields.${j}.value`, text(field.value), EMBED_LIMITS.fieldValue);
    });
  });
  if (total > MAX_EMBED_TOTAL_CHARS) {
    issues.push({ path: "embeds", code: "MAX_EMBED_SIZE_EXCEEDED", message: `Embed size exceeds maximum size of ${MAX_EMBED_TOTAL_CHARS}` });
  }
  return issues;
}

function componentIssues(value: unknown, componentsV2: boolean): BodyIssue[] {
  const rows = records(value);
  const issues: BodyIssue[] = [];
  if (!componentsV2 && rows.length > MAX_ACTION_ROWS) {
    issues.push({ path: "components", code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MAX_ACTION_ROWS} or fewer in length.` });
  }
  const visit = (component: Json, path: string): void => {
    const customId = component.custom_id;
    if (typeof customId === "string" && customId.length > MAX_CUSTOM_ID) {
      issues.push({ path: `${path}.custom_id`, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MAX_CUSTOM_ID} or fewer in length.` });
    }
    const options = records(component.options);
    if (options.length > MAX_SELECT_OPTIONS) {
      issues.push({ path: `${path}.options`, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MAX_SELECT_OPTIONS} or fewer in length.` });
    }
    const children = records(component.components);
    const buttons = children.filter((child) => child.type === 2).length;
    if (component.type === 1 && buttons > MAX_BUTTONS_PER_ROW) {
      issues.push({ path: `${path}.components`, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MAX_BUTTONS_PER_ROW} or fewer in length.` });
    }
    children.forEach((child, i) => visit(child, `${path}.components.${i}`));
    if (isRecord(component.accessory)) visit(component.accessory, `${path}.accessory`);
  };
  rows.forEach((row, i) => visit(row, `components.${i}`));
  return issues;
}

function allowedMentionsIssues(value: unknown): BodyIssue[] {
  if (!isRecord(value)) return [];
  const parse = Array.isArray(value.parse) ? value.parse : [];
  const issues: BodyIssue[] = [];
  // Discord rejects a list of ids together with the matching blanket `parse` entry.
  for (const kind of ["users", "roles"] as const) {
    if (parse.includes(kind) && Array.isArray(value[kind]) && value[kind].length > 0) {
      issues.push({
        path: `allowed_mentions.${kind}`,
        code: "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE",
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
      });
    }
  }
  return issues;
}

/** A message must carry something: content, an embed, a file, components, a sticker or a poll. */
export function isEmptyMessage(body: Json, fileCount: number): boolean {
  return (
    text(body.content).length === 0 &&
    records(body.embeds).length === 0 &&
    records(body.components).length === 0 &&
    records(body.attachments).length === 0 &&
    fileCount === 0 &&
    !(Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0) &&
    !isRecord(body.poll)
  );
}
