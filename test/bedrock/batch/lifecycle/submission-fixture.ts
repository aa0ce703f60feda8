/** A stored `/batch` submission for tests and benchmarks that need one: a plan of 120 records by default. */
import type { Submission } from "../../../../src/bedrock/batch/lifecycle/submission.ts";

const FIXTURE_CREATED_AT = "2026-03-01T11:00:00.000Z";

export function submissionFixture(overrides: Partial<Submission> = {}): Submission {
  return {
    id: "20260301-110000-abc123",
    origin: "command",
    state: "planned",
    owner: { userId: "u1", guildId: "g1", channelId: "c1" },
    model: "nova-lite",
    provider: "fake",
    records: 120,
    createdAt: FIXTURE_CREATED_AT,
    updatedAt: FIXTURE_CREATED_AT,
    pending: [],
    history: [],
    ...overrides,
  };
}

/** `count` submissions `<prefix>-0001`... created a minute apart from `from` (oldest first). */
export function submissionsCreatedFrom(from: string, count: number, prefix: string, overrides: Partial<Submission> = {}): Submission[] {
  return Array.from({ length: count }, (_, index) => {
    const at = new Date(Date.parse(from) + index * 60_000).toISOString();
    return submissionFixture({ id: `${prefix}-${String(index + 1).padStart(4, "0")}`, createdAt: at, updatedAt: at, ...overrides });
  });
}
