import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../src/create-logger.ts";

function capture() {
  const stream = new PassThrough();
  const lines: string[] = [];
  stream.on("data", (chunk: Buffer) => lines.push(...chunk.toString("utf8").split("\n").filter((line) => line !== "")));
  return { stream, lines };
}

describe("createLogger", () => {
  it("GIVEN a provider config and an SDK-style error with headers WHEN logged THEN secrets are redacted, the rest kept", async () => {
    const { stream, lines } = capture();
    const logger = createLogger({ level: "info", destination: stream });
    logger.info({ provider: { name: "p", api_key: "AKIDSECRET", extra_params: { aws_secret_key: "s3cr3t", region: "us-east-1" } } }, "provider");
    logger.warn({ request: { headers: { authorization: "AWS4-HMAC-SHA256 Credential=AKIDSECRET/..." } }, token: "discord-token" }, "call failed");
    await new Promise((resolve) => setImmediate(resolve));
    const text = lines.join("\n");
    expect(text).not.toContain("AKIDSECRET");
    expect(text).not.toContain("s3cr3t");
    expect(text).not.toContain("discord-token");
    expect(JSON.parse(lines[0]!).provider).toEqual({ name: "p", api_key: "[redacted]", extra_params: { aws_secret_key: "[redacted]", region: "us-east-1" } });
    expect(JSON.parse(lines[1]!).request.headers.authorization).toBe("[redacted]");
  });
});
