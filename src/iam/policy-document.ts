/**
 * The IAM policy grammar the generators emit: the subset of the IAM JSON policy language they use (Version
 * 2012-10-17, Allow statements with Action / Resource / Condition, and Principal for a trust policy).
 */

/** Condition operator -> condition key -> value(s), as IAM writes it. */
export type PolicyCondition = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  /** Absent only in a trust policy, which names a Principal instead. */
  Resource?: string[];
  Principal?: { Service: string };
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

export function policyDocument(statements: readonly (PolicyStatement | undefined)[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements.filter((statement): statement is PolicyStatement => statement !== undefined) };
}

/** Sorted, without duplicates: a generated policy reads the same on every run. */
export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort();
}
