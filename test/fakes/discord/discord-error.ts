/** One problem found in a request body, at a dotted path such as `embeds.0.description`. */
export interface BodyIssue {
  path: string;
  /** Discord-style error code, e.g. `BASE_TYPE_MAX_LENGTH`. */
  code: string;
  message: string;
}

/** The JSON body Discord answers errors with (`{ code, message, errors? }`). */
export interface DiscordErrorBody {
  code: number;
  message: string;
  errors?: Record<string, unknown>;
}

/**
 * An error answer as Discord sends it. Route handlers throw it; the server turns it into the
 * response. `code` is Discord's JSON error code (50013 Missing Permissions, 10008 Unknown Message, ...).
 */
export class DiscordError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly issues: readonly BodyIssue[] = [],
  ) {
    super(message);
    this.name = "DiscordError";
  }

  toBody(): DiscordErrorBody {
    return this.issues.length === 0
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, errors: nestIssues(this.issues) };
  }
}

/** Discord nests form errors by path: `{ embeds: { 0: { description: { _errors: [...] } } } }`. */
function nestIssues(issues: readonly BodyIssue[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const issue of issues) {
    let node = root;
    for (const key of issue.path === "" ? [] : issue.path.split(".")) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    const errors = (node._errors ??= []) as { code: string; message: string }[];
    errors.push({ code: issue.code, message: issue.message });
  }
  return root;
}

/** Discord's documented JSON error codes the fake answers with. */
export const ErrorCode = {
  General: 0,
  UnknownApplication: 10002,
  UnknownChannel: 10003,
  UnknownGuild: 10004,
  UnknownMember: 10007,
  UnknownMessage: 10008,
  UnknownUser: 10013,
  UnknownWebhook: 10015,
  UnknownApplicationCommand: 10063,
  UnknownInteraction: 10062,
  RequestEntityTooLarge: 40005,
  InteractionAlreadyAcknowledged: 40060,
  MissingAccess: 50001,
  CannotSendEmptyMessage: 50006,
  CannotSendMessagesToThisUser: 50007,
  CannotEditOtherUsersMessage: 50005,
  MissingPermissions: 50013,
  InvalidWebhookToken: 50027,
  InvalidFormBody: 50035,
  MessageTooOldToEdit: 30046,
  InvalidJson: 50109,
  ThreadAlreadyCreated: 160004,
} as const;

/** 400 Invalid Form Body (50035) with Discord's nested `errors`. */
export const invalidFormBody = (issues: readonly BodyIssue[]): DiscordError =>
  new DiscordError(400, ErrorCode.InvalidFormBody, "Invalid Form Body", issues);
