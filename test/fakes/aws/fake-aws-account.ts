/**
 * A wire-level fake of the account-level AWS services `doctor` asks, on one local port for the real SDK clients:
 *
 *   STS             awsQuery   GetCallerIdentity                       (signing name `sts`)
 *   IAM             awsQuery   GetRole, SimulatePrincipalPolicy        (signing name `iam`)
 *   Service Quotas  awsJson1_1 ListServiceQuotas                       (X-Amz-Target ServiceQuotasV20190624.*)
 *
 * The service is told by the SigV4 credential scope, as AWS's endpoints are per service. SimulatePrincipalPolicy
 * evaluates the role's permission policies (evaluate-policy.ts). Point clients at `url`, or set AWS_ENDPOINT_URL_STS /
 * _IAM / _SERVICE_QUOTAS for a child process.
 */
import { randomUUID } from "node:crypto";
import { startHttpServer } from "../bedrock/server.ts";
import type { FakeHttpRequest, FakeHttpResponse } from "../bedrock/server.ts";
import { evaluatePolicies, type PolicyLike } from "./evaluate-policy.ts";
import { memberList, queryError, queryResponse, type XmlValue } from "./query-xml.ts";

export interface FakeRole {
  name: string;
  trustPolicy: unknown;
  permissionPolicies: PolicyLike[];
}

interface FakeQuota {
  QuotaCode: string;
  QuotaName: string;
  Value: number;
  Adjustable: boolean;
}

export interface FakeAwsAccountOptions {
  accountId?: string;
  /** The identity the credentials belong to (GetCallerIdentity `Arn`). */
  callerArn?: string;
  roles?: FakeRole[];
  /** Service Quotas of `bedrock`. */
  quotas?: FakeQuota[];
}

export interface FakeAwsAccount {
  readonly url: string;
  readonly accountId: string;
  /** `Service:Action` of every call, in order. */
  readonly calls: string[];
  readonly roles: Map<string, FakeRole>;
  quotas: FakeQuota[];
  /** Access keys STS refuses (InvalidClientTokenId), as for deleted or mistyped keys. */
  readonly rejectedKeys: Set<string>;
  close(): Promise<void>;
}

const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";
const IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/";
const SCOPE = /Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/;

export async function startFakeAwsAccount(options: FakeAwsAccountOptions = {}): Promise<FakeAwsAccount> {
  const accountId = options.accountId ?? "123456789012";
  const state = {
    accountId,
    callerArn: options.callerArn ?? `arn:aws:iam::${accountId}:user/bedrock-bot`,
    calls: [] as string[],
    roles: new Map((options.roles ?? []).map((role) => [role.name, role])),
    quotas: options.quotas ?? [],
    rejectedKeys: new Set<string>(),
  };
  const server = await startHttpServer((request, response) => {
    serve(state, request, response);
    return Promise.resolve();
  });
  return {
    url: server.url,
    accountId,
    calls: state.calls,
    roles: state.roles,
    get quotas() {
      return state.quotas;
    },
    set quotas(quotas) {
      state.quotas = quotas;
    },
    rejectedKeys: state.rejectedKeys,
    close: () => server.close(),
  };
}

type State = { accountId: string; callerArn: string; calls: string[]; roles: Map<string, FakeRole>; quotas: FakeQuota[]; rejectedKeys: Set<string> };

function serve(state: State, request: FakeHttpRequest, response: FakeHttpResponse): void {
  const requestId = randomUUID();
  const scope = SCOPE.exec(request.headers.authorization ?? "");
  const [, accessKey = "", , service = ""] = scope ?? [];
  if (service === "servicequotas") return serveQuotas(state, request, response, requestId);
  const namespace = service === "iam" ? IAM_NS : STS_NS;
  const xml = (status: number, body: string): void => response.send(status, { "content-type": "text/xml", "x-amzn-requestid": requestId }, body);
  if (scope === null) return xml(403, queryError(namespace, "MissingAuthenticationToken", "Request is missing Authentication Token", requestId));
  const form = new URLSearchParams(request.body.toString("utf8"));
  const action = form.get("Action") ?? "";
  state.calls.push(`${service}:${action}`);
  if (state.rejectedKeys.has(accessKey)) return xml(403, queryError(namespace, "InvalidClientTokenId", "The security token included in the request is invalid.", requestId));
  if (service === "sts" && action === "GetCallerIdentity" && form.get("Version") === "2011-06-15") {
    const userId = `AIDA${state.accountId}EXAMPLE`;
    return xml(200, queryResponse(action, STS_NS, { Arn: state.callerArn, UserId: userId, Account: state.accountId }, requestId));
  }
  if (service === "iam" && form.get("Version") === "2010-05-08") {
    const outcome = iamAction(state, action, form);
    if ("error" in outcome) return xml(outcome.status, queryError(IAM_NS, outcome.error, outcome.message, requestId));
    return xml(200, queryResponse(action, IAM_NS, outcome.result, requestId));
  }
  return xml(400, queryError(namespace, "InvalidAction", `Could not find operation ${action} for version ${form.get("Version") ?? "(none)"}`, requestId));
}

function iamAction(state: State, action: string, form: URLSearchParams): { result: XmlValue } | { error: string; message: string; status: number } {
  const roleNameOf = (arn: string) => /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1] ?? "";
  if (action === "GetRole") {
    const name = form.get("RoleName") ?? "";
    const role = state.roles.get(name);
    if (role === undefined) return { error: "NoSuchEntity", message: `The role with name ${name} cannot be found.`, status: 404 };
    return {
      result: {
        Role: {
          Path: "/",
          AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(role.trustPolicy)),
          MaxSessionDuration: 3600,
          RoleId: "AROAEXAMPLEROLEID0001",
          RoleName: role.name,
          Arn: `arn:aws:iam::${state.accountId}:role/${role.name}`,
          CreateDate: "2024-01-01T00:00:00Z",
        },
      },
    };
  }
  if (action === "SimulatePrincipalPolicy") {
    const source = form.get("PolicySourceArn") ?? "";
    const role = state.roles.get(roleNameOf(source));
    if (role === undefined) return { error: "NoSuchEntity", message: `The role with name ${roleNameOf(source)} cannot be found.`, status: 404 };
    const actions = memberList(form, "ActionNames");
    const resources = memberList(form, "ResourceArns");
    const context: Record<string, string> = {};
    for (let index = 1; form.has(`ContextEntries.member.${index}.ContextKeyName`); index++) {
      context[form.get(`ContextEntries.member.${index}.ContextKeyName`) ?? ""] = form.get(`ContextEntries.member.${index}.ContextKeyValues.member.1`) ?? "";
    }
    const results = actions.flatMap((actionName) =>
      (resources.length === 0 ? ["*"] : resources).map((resource) => {
        const evaluated = evaluatePolicies(role.permissionPolicies, { action: actionName, resource, context });
        return {
          EvalActionName: actionName,
          EvalResourceName: resource,
          EvalDecision: evaluated.decision,
          MatchedStatements: [],
          MissingContextValues: evaluated.missingContextValues,
        };
      }),
    );
    return { result: { EvaluationResults: results, IsTruncated: false } };
  }
  return { error: "InvalidAction", message: `Could not find operation ${action} for version 2010-05-08`, status: 400 };
}

function serveQuotas(state: State, request: FakeHttpRequest, response: FakeHttpResponse, requestId: string): void {
  const json = (status: number, body: unknown): void =>
    response.send(status, { "content-type": "application/x-amz-json-1.1", "x-amzn-requestid": requestId }, JSON.stringify(body));
  const target = request.headers["x-amz-target"] ?? "";
  state.calls.push(`servicequotas:${target.split(".")[1] ?? ""}`);
  if (target !== "ServiceQuotasV20190624.ListServiceQuotas") return json(400, { __type: "UnknownOperationException", message: `Unknown operation ${target}` });
  const body = JSON.parse(request.body.toString("utf8") || "{}") as { ServiceCode?: string };
  if (body.ServiceCode !== "bedrock") return json(400, { __type: "NoSuchResourceException", message: `The request failed because the specified service does not exist.` });
  json(200, {
    Quotas: state.quotas.map((quota) => ({
      ServiceCode: "bedrock",
      ServiceName: "Amazon Bedrock",
      QuotaArn: `arn:aws:servicequotas:us-east-1:${state.accountId}:bedrock/${quota.QuotaCode}`,
      QuotaCode: quota.QuotaCode,
      QuotaName: quota.QuotaName,
      Value: quota.Value,
      Unit: "None",
      Adjustable: quota.Adjustable,
      GlobalQuota: false,
    })),
  });
}
