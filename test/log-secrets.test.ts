/**
 * No secret reaches a log line, at any level: the Discord token, AWS access keys and secret keys, session tokens, a
 * Bedrock API key and presigned-URL signatures, logged inside the real error objects the SDKs throw (an S3 refusal
 * from s3rver, a Bedrock refusal from the fake Bedrock, a Discord 401 from the fake Discord), in config objects, and
 * pasted into message strings.
 */
import { PassThrough } from "node:stream";
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { REST } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configSecrets } from "../src/config/config-secrets.ts";
import { parseConfig } from "../src/config/parse-config.ts";
import { createLogger } from "../src/create-logger.ts";
import { startFakeBedrock, type FakeBedrock } from "./fakes/bedrock/index.ts";
import { startFakeDiscord, type FakeDiscord } from "./fakes/discord/index.ts";
import { startS3rver, type RunningS3rver } from "./fakes/s3/start-s3rver.ts";

const ACCESS_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
const SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENvalue0123456789";
const BEDROCK_API_KEY = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxlOmV4YW1wbGVzZWNyZXQ=";
const DISCORD_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4OQ.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789AB";
const LEVELS = ["trace", "debug", "info", "warn", "error", "fatal"] as const;

let s3rver: RunningS3rver;
let bedrock: FakeBedrock;
let discord: FakeDiscord;
beforeAll(async () => {
  s3rver = await startS3rver({ buckets: ["logs"] });
  bedrock = await startFakeBedrock();
  discord = await startFakeDiscord();
}, 60_000);
afterAll(async () => {
  await Promise.all([s3rver.close(), bedrock.close(), discord.close()]);
});

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== "")));
  return { stream, lines };
}

async function thrown(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("secrets never reach the logs", () => {
  it("GIVEN SDK errors, a presigned URL, a Discord 401, config objects and pasted strings WHEN logged at every level THEN no secret is in any line", async () => {
    const config = parseConfig(
      `[[api_providers]]\nname = "keys"\napi_key = "${ACCESS_KEY_ID}"\nsession_token = "${SESSION_TOKEN}"\n[api_providers.extra_params]\naws_secret_key = "${SECRET_ACCESS_KEY}"\n[[api_providers]]\nname = "apikey"\napi_key_type = "bedrock"\napi_key = "${BEDROCK_API_KEY}"\n`,
      "secrets.toml",
      {},
    );
    const { stream, lines } = capture();
    const logger = createLogger({ level: "trace", destination: stream, secrets: [...configSecrets(config), DISCORD_TOKEN] });
    const credentials = { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY, sessionToken: SESSION_TOKEN };

    const s3 = new S3Client({ endpoint: s3rver.endpoint, forcePathStyle: true, region: "us-east-1", credentials, maxAttempts: 1 });
    const s3Error = await thrown(() => s3.send(new ListObjectsV2Command({ Bucket: "logs" })));
    const presigned = await getSignedUrl(s3, new GetObjectCommand({ Bucket: "logs", Key: "results.csv" }), { expiresIn: 600 });
    const signature = /X-Amz-Signature=([0-9a-f]+)/.exec(presigned)?.[1] ?? "";
    expect(signature).toHaveLength(64);

    bedrock.fail(2, { status: 403, type: "AccessDeniedException" });
    const bearer = new BedrockRuntimeClient({ endpoint: bedrock.url, region: "us-east-1", token: { token: BEDROCK_API_KEY }, authSchemePreference: ["httpBearerAuth"], maxAttempts: 1 });
    const bedrockError = await thrown(() => bearer.send(new ConverseCommand({ modelId: "m", messages: [{ role: "user", content: [{ text: "hi" }] }] })));
    const sigv4 = new BedrockRuntimeClient({ endpoint: bedrock.url, region: "us-east-1", credentials, maxAttempts: 1 });
    const sigv4Error = await thrown(() => sigv4.send(new ConverseCommand({ modelId: "m", messages: [{ role: "user", content: [{ text: "hi" }] }] })));

    const rest = new REST({ version: "10", api: discord.restUrl, retries: 0 }).setToken(DISCORD_TOKEN);
    const discordError = await thrown(() => rest.get("/users/@me"));

    for (const level of LEVELS) {
      logger[level]({ err: s3Error }, "S3 refused");
      logger[level]({ err: bedrockError, clientConfig: bearer.config }, "Bedrock refused");
      logger[level]({ err: sigv4Error }, "Bedrock refused (SigV4)");
      logger[level]({ err: discordError, rest: { options: { authorization: `Bot ${DISCORD_TOKEN}` } } }, "Discord refused");
      logger[level]({ url: presigned, providers: config.providers }, `results at ${presigned}`);
      logger[level](`pasted: token=${DISCORD_TOKEN} key=${ACCESS_KEY_ID}:${SECRET_ACCESS_KEY} api=${BEDROCK_API_KEY}`);
      logger[level]({ headers: { "x-amz-security-token": SESSION_TOKEN } }, "a raw request");
    }
    await new Promise((resolve) => setImmediate(resolve));
    s3.destroy();
    bearer.destroy();
    sigv4.destroy();

    expect(lines).toHaveLength(LEVELS.length * 7);
    const text = lines.join("\n");
    for (const secret of [ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, encodeURIComponent(SESSION_TOKEN), BEDROCK_API_KEY, DISCORD_TOKEN, signature]) {
      expect(text).not.toContain(secret);
    }
    // Still useful: what failed and where stays readable.
    expect(text).toContain("AccessDeniedException");
    expect(text).toContain("results.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256");
    expect(text).toContain("X-Amz-Signature=[redacted]");
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
