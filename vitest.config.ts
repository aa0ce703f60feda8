import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // e2e tests start servers (fake Bedrock, s3rver) and processes; these are hang guards sized for a 2-core machine
    // that also runs another suite beside this one, not expectations of speed (tests wait on events, never sleep).
    testTimeout: 90_000,
    hookTimeout: 90_000,
    pool: "forks",
    // Never let a default credential chain reach for the instance metadata service from a test.
    // The SDK's nine-line Node 20 warning would repeat in every test process; the CLI's own note is tested apart.
    env: { AWS_EC2_METADATA_DISABLED: "true", LOG_LEVEL: "silent", AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
