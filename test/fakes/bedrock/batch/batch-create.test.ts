import { GetModelInvocationJobCommand, ListModelInvocationJobsCommand } from "@aws-sdk/client-bedrock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { caught, postHttp1 } from "../fake-bedrock-test-kit.ts";
import { BUCKET, CLAUDE, ROLE_ARN, converseRecords, createJob, putObject, startBatchKit, toJsonl } from "./batch-test-kit.ts";
import type { BatchKit } from "./batch-test-kit.ts";

let kit: BatchKit;

beforeAll(async () => {
  kit = await startBatchKit();
  await putObject(kit, "in/records.jsonl", toJsonl(converseRecords(4)));
});
beforeEach(() => kit.fake.reset());
afterAll(async () => {
  await kit.close();
});

describe("CreateModelInvocationJob validation", () => {
  it("GIVEN a job name with a space WHEN created THEN ValidationException in AWS's constraint wording", async () => {
    const error = await caught(() => createJob(kit, { jobName: "bad name" }));

    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["ValidationException", 400]);
    expect(error.message).toBe(
      "1 validation error detected: Value 'bad name' at 'jobName' failed to satisfy constraint: " +
        "Member must satisfy regular expression pattern: [a-zA-Z0-9]{1,63}(-*[a-zA-Z0-9\\+\\-\\.]){0,63}",
    );
    expect(kit.fake.batch.jobs()).toEqual([]);
  });

  it("GIVEN a 64-character name WHEN created THEN the length constraint is reported", async () => {
    const error = await caught(() => createJob(kit, { jobName: "a".repeat(64) }));

    expect(error.message).toMatch(/at 'jobName' failed to satisfy constraint: Member must have length less than or equal to 63$/);
  });

  it("GIVEN a bad role ARN and a 12-hour timeout WHEN created THEN both violations come in one message", async () => {
    const error = await caught(() => createJob(kit, { roleArn: "arn:aws:iam::123:user/me", timeoutDurationInHours: 12 }));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toBe(
      "2 validation errors detected: Value 'arn:aws:iam::123:user/me' at 'roleArn' failed to satisfy constraint: " +
        "Member must satisfy regular expression pattern: arn:aws(-[^:]+)?:iam::([0-9]{12})?:role/.+; " +
        "Value '12' at 'timeoutDurationInHours' failed to satisfy constraint: Member must have value greater than or equal to 24",
    );
  });

  it.each([
    ["timeoutDurationInHours over 168", { timeoutDurationInHours: 169 }, /timeoutDurationInHours.*less than or equal to 168/],
    ["a token with an underscore", { clientRequestToken: "tok_1" }, /clientRequestToken.*regular expression pattern/],
    ["an https input URI", { inputDataConfig: { s3InputDataConfig: { s3Uri: "https://bucket/in/" } } }, /inputDataConfig\.s3InputDataConfig\.s3Uri/],
    ["201 tags", { tags: Array.from({ length: 201 }, (_, index) => ({ key: `k${index}`, value: "v" })) }, /at 'tags'.*less than or equal to 200/],
  ])("GIVEN %s WHEN created THEN ValidationException", async (_label, overrides, message) => {
    const error = await caught(() => createJob(kit, overrides));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(message);
  });

  it("GIVEN a model that can't run batch inference WHEN created THEN ValidationException", async () => {
    const error = await caught(() => createJob(kit, { modelId: "amazon.titan-text-express-v1", modelInvocationType: "InvokeModel" }));

    expect([error.name, error.message]).toEqual(["ValidationException", "The model amazon.titan-text-express-v1 does not support batch inference."]);
  });

  it("GIVEN an embedding model with the Converse invocation type WHEN created THEN ValidationException", async () => {
    const error = await caught(() => createJob(kit, { modelId: "amazon.titan-embed-text-v2:0", modelInvocationType: "Converse" }));

    expect(error.name).toBe("ValidationException");
    expect(error.message).toMatch(/does not support the Converse model invocation type/);
  });

  it.each(["us.anthropic.claude-3-5-haiku-20241022-v1:0", "eu.amazon.nova-lite-v1:0", "apac.anthropic.claude-sonnet-4-20250514-v1:0"])(
    "GIVEN the inference profile %s WHEN created THEN the job is accepted under that id",
    async (modelId) => {
      const arn = await createJob(kit, { modelId });

      expect((await kit.control.send(new GetModelInvocationJobCommand({ jobIdentifier: arn }))).modelId).toBe(modelId);
    },
  );
});

describe("CreateModelInvocationJob idempotency", () => {
  it("GIVEN the same token and request twice WHEN created THEN the same job ARN and only one job", async () => {
    const first = await createJob(kit, { clientRequestToken: "retry-token-1" });
    const second = await createJob(kit, { clientRequestToken: "retry-token-1" });

    expect(second).toBe(first);
    expect(kit.fake.batch.jobs()).toHaveLength(1);
    expect(kit.fake.batch.requests.map((request) => request.operation)).toEqual(["CreateModelInvocationJob", "CreateModelInvocationJob"]);
  });

  it("GIVEN a token reused for a different request WHEN created THEN ConflictException and no second job", async () => {
    await createJob(kit, { clientRequestToken: "retry-token-2" });

    const error = await caught(() => createJob(kit, { clientRequestToken: "retry-token-2", jobName: "another-name" }));

    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["ConflictException", 400]);
    expect(kit.fake.batch.jobs()).toHaveLength(1);
  });

  it("GIVEN no token WHEN created twice THEN the SDK makes one up each time and two jobs exist", async () => {
    await createJob(kit);
    await createJob(kit);

    const jobs = kit.fake.batch.jobs();
    expect(jobs).toHaveLength(2);
    expect(jobs[0]!.clientRequestToken).toMatch(/^[0-9a-f-]{36}$/);
    expect(jobs[0]!.clientRequestToken).not.toBe(jobs[1]!.clientRequestToken);
  });
});

describe("CreateModelInvocationJob quotas and names", () => {
  it("GIVEN the per-model quota of active jobs is reached WHEN another is created THEN ServiceQuotaExceededException, until one ends", async () => {
    kit.fake.batch.configure({ maxActiveJobsPerModel: 2 });
    await createJob(kit, { jobName: "q1" });
    await createJob(kit, { jobName: "q2", modelId: `us.${CLAUDE}` });

    const error = await caught(() => createJob(kit, { jobName: "q3" }));
    await createJob(kit, { jobName: "other-model", modelId: "amazon.nova-lite-v1:0" });
    await kit.fake.batch.settle();
    await createJob(kit, { jobName: "q4" });

    expect([error.name, error.$metadata?.httpStatusCode]).toEqual(["ServiceQuotaExceededException", 400]);
    expect(error.message).toMatch(/quota of 2 submitted and in-progress batch inference jobs for anthropic\.claude-3-5-haiku/);
    expect(kit.fake.batch.jobs().map((job) => job.jobName)).toEqual(["q1", "q2", "other-model", "q4"]);
  });

  it("GIVEN duplicate names WHEN uniqueJobNames is off (the default) THEN both are accepted; when on THEN ValidationException", async () => {
    await createJob(kit, { jobName: "same" });
    await createJob(kit, { jobName: "same" });
    kit.fake.batch.configure({ uniqueJobNames: true });

    const error = await caught(() => createJob(kit, { jobName: "same" }));

    expect([error.name, error.message]).toEqual(["ValidationException", "The provided job name is currently in use."]);
  });
});

describe("control plane plumbing", () => {
  it("GIVEN a Create call THEN the request is recorded with its wire body", async () => {
    await createJob(kit, { jobName: "recorded", tags: [{ key: "team", value: "bots" }], timeoutDurationInHours: 48 });

    const [request] = kit.fake.batch.requests;
    expect(request).toMatchObject({ operation: "CreateModelInvocationJob", method: "POST", path: "/model-invocation-job" });
    expect(request!.body).toMatchObject({
      jobName: "recorded",
      roleArn: ROLE_ARN,
      modelId: CLAUDE,
      modelInvocationType: "Converse",
      timeoutDurationInHours: 48,
      tags: [{ key: "team", value: "bots" }],
      inputDataConfig: { s3InputDataConfig: { s3Uri: `s3://${BUCKET}/in/`, s3InputFormat: "JSONL" } },
    });
    expect(request!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=\w+\/\d{8}\/us-east-1\/bedrock\/aws4_request/);
  });

  it("GIVEN a fault on GetModelInvocationJob WHEN Get is called THEN that error once, and runtime faults never hit the control plane", async () => {
    const arn = await createJob(kit);
    kit.fake.fail(1, { status: 400, type: "ThrottlingException", message: "Rate exceeded", operation: "GetModelInvocationJob" });
    kit.fake.fail(1, { status: 500, type: "InternalServerException" });

    const error = await caught(() => kit.control.send(new GetModelInvocationJobCommand({ jobIdentifier: arn })));
    const job = await kit.control.send(new GetModelInvocationJobCommand({ jobIdentifier: arn }));
    const list = await kit.control.send(new ListModelInvocationJobsCommand({}));

    expect([error.name, error.message]).toEqual(["ThrottlingException", "Rate exceeded"]);
    expect(job.jobArn).toBe(arn);
    expect(list.invocationJobSummaries).toHaveLength(1);
  });

  it("GIVEN no Authorization header WHEN the control plane is called THEN 403 MissingAuthenticationTokenException", async () => {
    const response = await postHttp1(kit.fake.url, "/model-invocation-job", JSON.stringify({ jobName: "x" }));

    expect(response.status).toBe(403);
    expect(response.headers["x-amzn-errortype"]).toMatch(/^MissingAuthenticationTokenException/);
  });

  it("GIVEN a bearer-token call (no SigV4 region) WHEN it creates a job THEN the ARN uses the fake's configured region", async () => {
    kit.fake.batch.configure({ region: "eu-west-1" });
    const body = {
      jobName: "bearer",
      roleArn: ROLE_ARN,
      modelId: CLAUDE,
      inputDataConfig: { s3InputDataConfig: { s3Uri: `s3://${BUCKET}/in/` } },
      outputDataConfig: { s3OutputDataConfig: { s3Uri: `s3://${BUCKET}/out/` } },
    };

    const raw = await postHttp1(kit.fake.url, "/model-invocation-job", JSON.stringify(body), { authorization: "Bearer some-api-key" });

    expect(raw.status).toBe(200);
    expect(JSON.parse(raw.body).jobArn).toMatch(/^arn:aws:bedrock:eu-west-1:123456789012:model-invocation-job\/[a-z0-9]{12}$/);
  });
});
