import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // e2e tests start servers (fake Bedrock, s3rver); give them room on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Never let a default credential chain reach for the instance metadata service from a test.
    env: { AWS_EC2_METADATA_DISABLED: "true", LOG_LEVEL: "silent" },
  },
});
