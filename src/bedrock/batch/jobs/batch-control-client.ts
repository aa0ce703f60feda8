/**
 * The four control-plane calls batch jobs need, behind a small interface: `createBatchControl` adapts the SDK's
 * `BedrockClient`; tests wrap it (e.g. to crash between upload and Create) without mocking modules.
 */
import {
  CreateModelInvocationJobCommand,
  GetModelInvocationJobCommand,
  ListModelInvocationJobsCommand,
  StopModelInvocationJobCommand,
  type BedrockClient,
  type CreateModelInvocationJobCommandInput,
  type ListModelInvocationJobsCommandInput,
  type ModelInvocationJobSummary,
} from "@aws-sdk/client-bedrock";

/** The fields Get answers with; List summaries carry the same ones. */
export type JobSummary = Partial<Pick<
  ModelInvocationJobSummary,
  | "jobArn"
  | "jobName"
  | "status"
  | "message"
  | "submitTime"
  | "lastModifiedTime"
  | "endTime"
  | "jobExpirationTime"
  | "totalRecordCount"
  | "processedRecordCount"
  | "successRecordCount"
  | "errorRecordCount"
>>;

export interface BatchControl {
  create(input: CreateModelInvocationJobCommandInput): Promise<{ jobArn: string }>;
  get(jobIdentifier: string): Promise<JobSummary>;
  list(input: ListModelInvocationJobsCommandInput): Promise<{ summaries: JobSummary[]; nextToken?: string }>;
  stop(jobIdentifier: string): Promise<void>;
}

export function createBatchControl(client: BedrockClient): BatchControl {
  return {
    create: async (input) => {
      const { jobArn } = await client.send(new CreateModelInvocationJobCommand(input));
      if (jobArn === undefined) throw new Error(`CreateModelInvocationJob ${input.jobName ?? ""} answered without a jobArn`);
      return { jobArn };
    },
    get: (jobIdentifier) => client.send(new GetModelInvocationJobCommand({ jobIdentifier })),
    list: async (input) => {
      const page = await client.send(new ListModelInvocationJobsCommand(input));
      return { summaries: page.invocationJobSummaries ?? [], ...(page.nextToken === undefined ? {} : { nextToken: page.nextToken }) };
    },
    stop: async (jobIdentifier) => {
      await client.send(new StopModelInvocationJobCommand({ jobIdentifier }));
    },
  };
}
