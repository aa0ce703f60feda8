import type { BodyIssue } from "./discord-error.ts";

// Application command rules from discord.com/developers/docs/interactions/application-commands
// ("Application Command Naming", "Registering a Command" limits).
const CHAT_INPUT_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
const MAX_DESCRIPTION = 100;
/** name + description + option names/descriptions/choice names and values, per command. */
const MAX_TOTAL_CHARS = 8000;
const MAX_COMMANDS_PER_TYPE: Record<number, number> = { 1: 100, 2: 15, 3: 15 };

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const text = (value: unknown): string => (typeof value === "string" ? value : "");

const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;

/** Limits for a list of commands sent to a bulk overwrite (or a single create, as a list of one). */
export function commandListIssues(commands: unknown[]): BodyIssue[] {
  const issues: BodyIssue[] = [];
  const seen = new Set<string>();
  const counts = new Map<number, number>();
  records(commands).forEach((command, i) => {
    const type = typeof command.type === "number" ? command.type : 1;
    const key = `${type}:${text(command.name)}`;
    if (seen.has(key)) {
      issues.push({ path: `${i}.name`, code: "APPLICATION_COMMANDS_DUPLICATE_NAME", message: `Application command names must be unique` });
    }
    seen.add(key);
    counts.set(type, (counts.get(type) ?? 0) + 1);
    issues.push(...commandIssues(command, `${i}`));
  });
  for (const [type, count] of counts) {
    const max = MAX_COMMANDS_PER_TYPE[type];
    if (max !== undefined && count > max) {
      issues.push({ path: "", code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${max} or fewer commands of type ${type}.` });
    }
  }
  return issues;
}

function commandIssues(command: Json, path: string): BodyIssue[] {
  const issues: BodyIssue[] = [];
  const type = typeof command.type === "number" ? command.type : 1;
  const name = text(command.name);
  const description = text(command.description);
  if (type === 1) {
    issues.push(...nameIssues(name, `${path}.name`));
    issues.push(...descriptionIssues(description, `${path}.description`));
    issues.push(...optionListIssues(command.options, `${path}.options`, 0));
  } else {
    if (name.length < 1 || name.length > 32) {
      issues.push({ path: `${path}.name`, code: "BASE_TYPE_BAD_LENGTH", message: "Must be between 1 and 32 in length." });
    }
    if (description !== "") {
      issues.push({ path: `${path}.description`, code: "APPLICATION_COMMAND_INVALID_DESCRIPTION", message: "Context menu commands cannot have a description." });
    }
    if (records(command.options).length > 0) {
      issues.push({ path: `${path}.options`, code: "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED", message: "Context menu commands cannot have options." });
    }
  }
  if (totalChars(command) > MAX_TOTAL_CHARS) {
    issues.push({ path, code: "APPLICATION_COMMAND_TOO_LARGE", message: `Command exceeds maximum size (${MAX_TOTAL_CHARS})` });
  }
  return issues;
}

function optionListIssues(value: unknown, path: string, depth: number): BodyIssue[] {
  const options = records(value);
  const issues: BodyIssue[] = [];
  if (options.length > MAX_OPTIONS) {
    issues.push({ path, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MAX_OPTIONS} or fewer in length.` });
  }
  let sawOptional = false;
  const names = new Set<string>();
  options.forEach((option, i) => {
    const at = `${path}.${i}`;
    const name = text(option.name);
    if (names.has(name)) issues.push({ path: `${at}.name`, code: "APPLICATION_COMMAND_OPTIONS_DUPLICATE_NAME", message: "Option names must be unique" });
    names.add(name);
    issues.push(...nameIssues(name, `${at}.name`));
    issues.push(...descriptionIssues(text(option.description), `${at}.description`));
    const type = option.type;
    if (type === SUB_COMMAND || type === SUB_COMMAND_GROUP) {
      if ((type === SUB_COMMAND_GROUP && depth > 0) || (type === SUB_COMMAND && depth > 1)) {
        issues.push({ path: `${at}.type`, code: "APPLICATION_COMMAND_OPTION_INVALID_NESTING", message: "Subcommands nest at most group > subcommand." });
      }
      issues.push(...optionListIssues(option.options, `${at}.options`, depth + 1));
      return;
    }
    if (option.required === true && sawOptional) {
      issues.push({ path: `${at}.required`, code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", message: "Required options must be placed before non-required options" });
    }
    if (option.required !== true) sawOptional = true;
    const choices = records(option.choices);
    if (choices.length > MAX_CHOICES) {
      issues.push({ path: `${at}.choices`, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${MAX_CHOICES} or fewer in length.` });
    }
    if (choices.length > 0 && option.autocomplete === true) {
      issues.push({ path: `${at}.autocomplete`, code: "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", message: "Autocomplete cannot be set with choices." });
    }
    choices.forEach((choice, j) => {
      const choiceName = text(choice.name);
      if (choiceName.length < 1 || choiceName.length > 100) {
        issues.push({ path: `${at}.choices.${j}.name`, code: "BASE_TYPE_BAD_LENGTH", message: "Must be between 1 and 100 in length." });
      }
      if (typeof choice.value === "string" && choice.value.length > 100) {
        issues.push({ path: `${at}.choices.${j}.value`, code: "BASE_TYPE_MAX_LENGTH", message: "Must be 100 or fewer in length." });
      }
    });
  });
  return issues;
}

function nameIssues(name: string, path: string): BodyIssue[] {
  if (!CHAT_INPUT_NAME.test(name) || name !== name.toLowerCase()) {
    return [{ path, code: "APPLICATION_COMMAND_INVALID_NAME", message: `Command name is invalid: ${JSON.stringify(name)}` }];
  }
  return [];
}

function descriptionIssues(description: string, path: string): BodyIssue[] {
  if (description.length < 1 || description.length > MAX_DESCRIPTION) {
    return [{ path, code: "BASE_TYPE_BAD_LENGTH", message: `Must be between 1 and ${MAX_DESCRIPTION} in length.` }];
  }
  return [];
}

function totalChars(node: Json): number {
  let total = text(node.name).length + text(node.description).length;
  for (const choice of records(node.choices)) {
    const value = typeof choice.value === "string" || typeof choice.value === "number" ? String(choice.value) : "";
    total += text(choice.name).length + value.length;
  }
  for (const option of records(node.options)) total += totalChars(option);
  return total;
}
