/**
 * A wire-level fake of Amazon S3 Vectors for tests and benchmarks: the real `S3VectorsClient` (with
 * `endpoint: fake.url`, any region and static credentials) talks to it over HTTP, restJson1 as the service speaks it
 * (`POST /PutVectors` with a JSON body; errors as status + `x-amzn-errortype` + `{"message"}`). Limits are enforced
 * (see s3vectors-state.ts), so a client that breaks them fails here as it would against AWS.
 *
 * ```ts
 * const fake = await startFakeS3Vectors();
 * const client = new S3VectorsClient({ endpoint: fake.url, region: "us-east-1", credentials: { accessKeyId: "AKID", secretAccessKey: "x" } });
 * ```
 */
import { randomUUID } from "node:crypto";
import { checkAuthorization } from "../bedrock/check-authorization.ts";
import { sendAwsError } from "../bedrock/errors.ts";
import { startHttpServer } from "../bedrock/server.ts";
import { FakeS3VectorsState, S3VectorsError } from "./s3vectors-state.ts";

type Operation = "CreateVectorBucket" | "CreateIndex" | "GetIndex" | "PutVectors" | "GetVectors" | "ListVectors" | "QueryVectors" | "DeleteVectors";

export interface FakeS3Vectors {
  readonly url: string;
  readonly state: FakeS3VectorsState;
  /** Every call answered, in order, with how many vectors it carried (PutVectors). */
  readonly calls: { operation: string; status: number; vectors?: number }[];
  close(): Promise<void>;
}

export async function startFakeS3Vectors(): Promise<FakeS3Vectors> {
  const state = new FakeS3VectorsState();
  const calls: FakeS3Vectors["calls"] = [];
  const operations: Record<Operation, (body: Record<string, unknown>, bytes: number) => Record<string, unknown>> = {
    CreateVectorBucket: (body) => state.createVectorBucket(body),
    CreateIndex: (body) => state.createIndex(body),
    GetIndex: (body) => state.getIndex(body),
    PutVectors: (body, bytes) => state.putVectors(body, bytes),
    GetVectors: (body) => state.getVectors(body),
    ListVectors: (body) => state.listVectors(body),
    QueryVectors: (body) => state.queryVectors(body),
    DeleteVectors: (body) => state.deleteVectors(body),
  };
  const server = await startHttpServer((request, response) => {
    const requestId = randomUUID();
    const name = (request.path.split("?")[0] ?? "").slice(1);
    const run = request.method === "POST" && Object.hasOwn(operations, name) ? operations[name as Operation] : undefined;
    const fail = (error: { status: number; type: string; message: string }): void => {
      calls.push({ operation: name, status: error.status });
      sendAwsError(response, error, requestId);
    };
    if (run === undefined) {
      fail({ status: 404, type: "UnknownOperationException", message: `The fake does not implement ${request.method} ${request.path}` });
      return Promise.resolve();
    }
    const authError = checkAuthorization(request.headers, "s3vectors");
    if (authError !== undefined) {
      fail(authError);
      return Promise.resolve();
    }
    try {
      const body = JSON.parse(request.body.toString("utf8") || "{}") as Record<string, unknown>;
      const answer = run(body, request.body.length);
      calls.push({ operation: name, status: 200, ...(Array.isArray(body.vectors) ? { vectors: body.vectors.length } : {}) });
      response.send(200, { "content-type": "application/json", "x-amzn-requestid": requestId }, JSON.stringify(answer));
    } catch (error) {
      if (error instanceof S3VectorsError) fail({ status: error.status, type: error.type, message: error.message });
      else if (error instanceof SyntaxError) fail({ status: 400, type: "ValidationException", message: "The request body is not valid JSON." });
      else throw error;
    }
    return Promise.resolve();
  });
  return { url: server.url, state, calls, close: () => server.close() };
}
