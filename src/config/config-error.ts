/** A config that cannot be used: every problem found, each `file:line:col message`, so all can be fixed in one go. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  /** Every error, in file order. The message is these joined by newlines. */
  readonly issues: string[];
  /** Warnings found on the way (unknown keys, skipped providers), worth showing next to the errors. */
  readonly warnings: string[];

  constructor(issues: string[], warnings: string[] = []) {
    super(issues.join("\n"));
    this.issues = issues;
    this.warnings = warnings;
  }
}
