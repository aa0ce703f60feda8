/**
 * What a role's trust policy (GetRole's `AssumeRolePolicyDocument`, URL-encoded JSON) allows: whether
 * bedrock.amazonaws.com may assume it, and whether that is limited to this account (aws:SourceAccount) and to batch
 * jobs (aws:SourceArn) — AWS's guard against the confused-deputy problem. Pure.
 */

export interface TrustFacts {
  bedrockMayAssume: boolean;
  sourceAccounts: string[];
  sourceArns: string[];
}

interface TrustStatement {
  Effect?: string;
  Principal?: { Service?: string | string[] } | string;
  Action?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export function readTrustPolicy(encoded: string): TrustFacts {
  const document = JSON.parse(decodeURIComponent(encoded)) as { Statement?: TrustStatement | TrustStatement[] };
  const statements = Array.isArray(document.Statement) ? document.Statement : document.Statement === undefined ? [] : [document.Statement];
  const facts: TrustFacts = { bedrockMayAssume: false, sourceAccounts: [], sourceArns: [] };
  for (const statement of statements) {
    const services = typeof statement.Principal === "object" ? list(statement.Principal.Service) : [];
    const assumes = list(statement.Action).some((action) => action === "sts:AssumeRole" || action === "sts:*" || action === "*");
    if (statement.Effect !== "Allow" || !services.includes("bedrock.amazonaws.com") || !assumes) continue;
    facts.bedrockMayAssume = true;
    for (const entries of Object.values(statement.Condition ?? {})) {
      facts.sourceAccounts.push(...list(entries["aws:SourceAccount"]));
      facts.sourceArns.push(...list(entries["aws:SourceArn"]));
    }
  }
  return facts;
}
