/**
 * The one schema of `config/model_config.toml`, and the one place its defaults live.
 *
 * Shape compatible with MoFox-Bot's `model_config.toml` (`[[api_providers]]`, `[[models]]`), plus sections of our own
 * (`[bot]`, `[batch]`, `[storage]`, `[observability]`, `[[tools]]`, `[[mcp_servers]]`). Keys keep the TOML's snake_case so an error path
 * (`models[2].api_provider`) is exactly what the user sees in the file. Every field has a `.describe()`: it becomes the
 * hover text in TOML editors through the generated JSON Schema (`config/model_config.schema.json`).
 */
import { z } from "zod";

/** AWS region names such as `us-east-1`, `eu-central-2`, `us-gov-west-1`, `ap-southeast-5`. */
const REGION_PATTERN = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

/** Defaults, in one place. Prose (README, example TOML) refers to these rather than repeating numbers that drift. */
export const DEFAULTS = {
  provider: {
    client_type: "bedrock",
    api_key: "",
    api_key_type: "aws",
    max_retry: 2,
    timeout: 60,
    retry_interval: 1,
    region: "us-east-1",
  },
  model: {
    price_in: 0,
    price_out: 0,
    force_stream_mode: false,
    stream: true,
    kind: "chat",
  },
  /** Claude-style prompt-cache prices, as fractions of price_in, when price_cache_read / price_cache_write are unset. */
  cache_prices: { read_factor: 0.1, write_factor: 1.25 },
  bot: {
    stream_edit_interval_ms: 1000,
    history_limit: 25,
    max_rounds: 8,
    rate_limit_per_minute: 10,
    reply_in_dms: true,
    show_usage: true,
    system_prompt: "You are a helpful assistant in a Discord server ({server}, #{channel}). Today is {date}, {time} UTC.",
    cdn_hosts: ["cdn.discordapp.com", "media.discordapp.net"],
    max_attachment_mb: 25,
    shards: "auto",
    shard_count: "auto",
    wait_for_shards: false,
    lease_seconds: 30,
  },
  batch: {
    prefix: "bedrock-discord-bot/",
    timeout_hours: 72,
    poll_interval_seconds: 60,
    max_concurrent_jobs: 20,
    min_records: 100,
    max_records: 50_000,
    small_batch_policy: "on_demand",
    on_demand_concurrency: 4,
    on_demand_tier: "flex",
    confirm: true,
    wait_deadline_hours: 24,
    wait_deadline_action: "on_demand",
    wait_pool_scope: "guild",
    retention_days: 7,
    keep_finished_days: 30,
    draft_ttl_hours: 168,
  },
  storage: { url: "sqlite://data/bot.sqlite", prefix: "" },
  sink: { table: "vectors", lancedb_path: "data/vectors" },
  tool: { enabled: true },
  web_fetch: {
    enabled: false,
    conversation_urls_only: true,
    max_redirects: 5,
    max_bytes: 2_000_000,
    max_chars: 20_000,
    timeout_seconds: 10,
  },
  mcp_server: { enabled: true, timeout: 30, dms: false },
  guardrail: { trace: "enabled", stream_processing: "sync" },
} as const;

/**
 * A secret: written as `"${ENV_NAME}"` it is read from the environment. (Any string may use `${ENV_NAME}` or
 * `${ENV_NAME:-default}`; references are resolved before validation, see `resolve-env-references.ts`.)
 */
const secretString = (description: string) =>
  z.string().describe(`${description} Write "\${ENV_NAME}" to read it from the environment instead of this file.`);

const providerExtraParamsSchema = z
  .object({
    aws_secret_key: secretString("AWS secret access key; pairs with api_key when api_key_type = \"aws\".").optional(),
    region: z
      .string()
      .regex(REGION_PATTERN, "an AWS region name such as us-east-1")
      .default(DEFAULTS.provider.region)
      .describe("AWS region of Bedrock (and of the batch bucket)."),
    runtime_endpoint: z.url().optional().describe("Override of the bedrock-runtime endpoint (VPC endpoint, proxy, tests)."),
    control_endpoint: z.url().optional().describe("Override of the bedrock control-plane endpoint (batch jobs)."),
    s3_endpoint: z.url().optional().describe("Override of the S3 endpoint; path-style addressing is used with it."),
  })
  .describe("Bedrock-specific provider settings.");

export const providerSchema = z
  .object({
    name: z.string().min(1).describe("Name that [[models]].api_provider refers to."),
    base_url: z.string().optional().describe("Kept for MoFox compatibility; ignored for client_type = \"bedrock\"."),
    client_type: z
      .literal("bedrock")
      .default(DEFAULTS.provider.client_type)
      .describe("Only \"bedrock\" providers are used; providers of other client types are skipped with a warning."),
    api_key: secretString(
      "AWS access key id, or a Bedrock API key when api_key_type = \"bedrock\". Empty: the AWS default credential chain " +
        "(as is an access key id without extra_params.aws_secret_key, MoFox-Bot's IAM role style).",
    ).default(DEFAULTS.provider.api_key),
    api_key_type: z
      .enum(["aws", "bedrock"])
      .default(DEFAULTS.provider.api_key_type)
      .describe("\"aws\": api_key is an access key id. \"bedrock\": api_key is a Bedrock API key (bearer token)."),
    session_token: secretString("AWS session token for temporary credentials.").optional(),
    profile: z.string().optional().describe("Shared config/credentials profile to use instead of keys."),
    max_retry: z.int().min(0).max(10).default(DEFAULTS.provider.max_retry).describe("Retries after the first attempt (the SDK retries; we add none)."),
    timeout: z.number().positive().default(DEFAULTS.provider.timeout).describe("Request timeout in seconds."),
    retry_interval: z
      .number()
      .min(0)
      .default(DEFAULTS.provider.retry_interval)
      .describe("Base delay of the SDK's exponential backoff, in seconds."),
    extra_params: providerExtraParamsSchema.default({ region: DEFAULTS.provider.region }),
  })
  .describe("A Bedrock account/region to call.");

/**
 * A MoFox-Bot provider of another client type (openai, gemini, ...). Kept as written so a MoFox file loads unchanged,
 * never called: only its name matters, so models pointing at it can be reported as unavailable.
 */
export const foreignProviderSchema = z
  .looseObject({
    name: z.string().min(1).describe("Name that [[models]].api_provider refers to."),
    client_type: z
      .string()
      .refine((type) => type !== DEFAULTS.provider.client_type)
      .meta({ not: { const: DEFAULTS.provider.client_type } })
      .describe("A MoFox-Bot client type such as \"openai\" or \"gemini\"; this bot skips such providers."),
  })
  .describe("A provider of another client type (MoFox-Bot compatibility); skipped with a warning.");

/** Bedrock's on-demand service tiers we offer ("reserved" needs a reservation made with AWS; not configurable here). */
const SERVICE_TIERS = ["default", "priority", "flex"] as const;
const serviceTierSchema = z.enum(SERVICE_TIERS);

const modelBatchSchema = z
  .object({
    enabled: z.boolean().optional().describe("Whether /batch may use this model; default: known batch-capable families."),
    min_records: z.int().positive().optional().describe(`Minimum records per batch job (AWS default ${DEFAULTS.batch.min_records}).`),
    max_records: z.int().positive().optional().describe(`Maximum records per job and per input file (AWS default ${DEFAULTS.batch.max_records}).`),
    max_concurrent_jobs: z.int().positive().optional().describe("Submitted + in-progress jobs at once for this model."),
  })
  .describe("Batch inference settings of this model.");

export const modelSchema = z
  .object({
    model_identifier: z.string().min(1).describe("Bedrock model id, inference profile id (us.anthropic...) or ARN."),
    name: z.string().min(1).describe("Name used in commands and in the rest of this file; unique."),
    api_provider: z.string().min(1).describe("Name of an [[api_providers]] entry."),
    price_in: z.number().min(0).default(DEFAULTS.model.price_in).describe("USD per million input tokens (on-demand)."),
    price_out: z.number().min(0).default(DEFAULTS.model.price_out).describe("USD per million output tokens (on-demand)."),
    force_stream_mode: z.boolean().default(DEFAULTS.model.force_stream_mode).describe("Always use ConverseStream for this model."),
    stream: z.boolean().default(DEFAULTS.model.stream).describe("Stream answers in chat (ConverseStream); false uses Converse."),
    kind: z.enum(["chat", "embedding"]).default(DEFAULTS.model.kind).describe("\"embedding\" models only serve /batch embed."),
    price_cache_read: z
      .number()
      .min(0)
      .optional()
      .describe(`USD per million input tokens read from the prompt cache; default ${DEFAULTS.cache_prices.read_factor} x price_in (Claude-style pricing).`),
    price_cache_write: z
      .number()
      .min(0)
      .optional()
      .describe(`USD per million input tokens written to the prompt cache; default ${DEFAULTS.cache_prices.write_factor} x price_in (Claude-style pricing).`),
    price_in_flex: z.number().min(0).optional().describe("USD per million input tokens on the flex tier (from the Bedrock pricing page); unset: flex costs show as unknown."),
    price_out_flex: z.number().min(0).optional().describe("USD per million output tokens on the flex tier; unset: flex costs show as unknown."),
    price_in_priority: z.number().min(0).optional().describe("USD per million input tokens on the priority tier; unset: priority costs show as unknown."),
    price_out_priority: z.number().min(0).optional().describe("USD per million output tokens on the priority tier; unset: priority costs show as unknown."),
    prompt_cache: z
      .union([z.boolean(), z.enum(["5m", "1h"])])
      .optional()
      .describe("Prompt caching (cachePoint blocks): true or \"5m\" = 5-minute cache, \"1h\" = one hour where the model supports it, false = off. Default: on for models known to support it."),
    service_tier: serviceTierSchema
      .optional()
      .describe("Converse serviceTier: \"default\" (standard), \"priority\" (faster, dearer) or \"flex\" (slower, cheaper); unset: not sent, Bedrock uses its standard tier. /model can override it per channel."),
    max_tokens: z.int().positive().optional().describe("Default maxTokens for this model."),
    temperature: z.number().min(0).max(1).optional().describe("Default temperature (0-1)."),
    batch: modelBatchSchema.optional(),
    citations: z
      .boolean()
      .optional()
      .describe("Send attached documents with citations enabled; answers then end with numbered footnotes of the passages cited. Only models that support Converse citations (e.g. Claude 3.5 Sonnet and later) accept it. Default false; /model citations:... overrides it per channel or server."),
    structured_output: z
      .boolean()
      .optional()
      .describe("Whether Converse structured output (outputConfig.textFormat json_schema) is used for /batch --schema; default: the known-support table (README, Structured output). false: the schema goes into the prompt."),
    extra_params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("Passed as additionalModelRequestFields (e.g. Claude's thinking settings)."),
  })
  .describe("A model the bot can use.");

const idList = z.array(z.string()).default([]);

const botSchema = z
  .object({
    default_model: z.string().optional().describe("Model name used when a channel has none; default: the first chat model."),
    system_prompt: z
      .string()
      .default(DEFAULTS.bot.system_prompt)
      .describe("Default system prompt; {date} {time} {server} {channel} are filled in."),
    stream_edit_interval_ms: z
      .int()
      .min(200)
      .default(DEFAULTS.bot.stream_edit_interval_ms)
      .describe("Minimum time between edits of one streamed message, in ms."),
    history_limit: z.int().min(1).max(200).default(DEFAULTS.bot.history_limit).describe("Messages of a reply chain or thread sent as history."),
    max_rounds: z.int().min(1).max(50).default(DEFAULTS.bot.max_rounds).describe("Tool-call rounds per answer before stopping."),
    rate_limit_per_minute: z.int().min(0).default(DEFAULTS.bot.rate_limit_per_minute).describe("Requests per user per minute; 0 = unlimited."),
    daily_spend_cap_usd: z.number().min(0).optional().describe("Per-guild daily spend cap in USD (chat and batch)."),
    reply_in_dms: z.boolean().default(DEFAULTS.bot.reply_in_dms).describe("Answer direct messages."),
    show_usage: z.boolean().default(DEFAULTS.bot.show_usage).describe("Show model, tokens and cost under answers."),
    allow_users: idList.describe("If non-empty, only these user ids may use the bot."),
    deny_users: idList.describe("These user ids may never use the bot."),
    allow_roles: idList.describe("If non-empty, only members with one of these role ids may use the bot."),
    deny_roles: idList.describe("Members with one of these role ids may never use the bot."),
    allow_channels: idList.describe("If non-empty, the bot answers only in these channels (or their threads/categories)."),
    deny_channels: idList.describe("The bot never answers in these channels (or their threads/categories)."),
    admins: idList.describe("User ids that may change settings everywhere (besides members with Manage Guild)."),
    cdn_hosts: z.array(z.string()).default([...DEFAULTS.bot.cdn_hosts]).describe("Hosts attachments may be fetched from."),
    max_attachment_mb: z.number().positive().default(DEFAULTS.bot.max_attachment_mb).describe("Largest attachment fetched, in MB."),
    shards: z
      .union([z.array(z.int().min(0)).min(1), z.literal("auto")], { error: '"auto", or a list of shard ids (whole numbers from 0) such as [0, 1]' })
      .default(DEFAULTS.bot.shards)
      .describe("Gateway shards this process runs: \"auto\" = all of them, or a list of shard ids such as [0, 1] (several processes on a redis:// store, each with its own shards). `start --shards` and SHARDS override it."),
    shard_count: z
      .union([z.int().min(1), z.literal("auto")], { error: '"auto", or a whole number of at least 1' })
      .default(DEFAULTS.bot.shard_count)
      .describe("Total shards of the whole bot, the same in every process: \"auto\" = as many as Discord recommends, or a number. `start --shard-count` and SHARD_COUNT override it."),
    wait_for_shards: z
      .boolean()
      .default(DEFAULTS.bot.wait_for_shards)
      .describe("When another process holds one of this process's shards (or, on sqlite, the store): wait until it is free instead of exiting with code 2. `start --wait-for-shards` turns it on."),
    lease_seconds: z
      .int()
      .min(3)
      .max(600)
      .default(DEFAULTS.bot.lease_seconds)
      .describe("How long a process's hold on its shards (on sqlite: on the store) lasts unless renewed; renewed every third of it. A process that died frees its shards within this time."),
  })
  .describe("Discord chat behaviour.");

export const batchSchema = z
  .object({
    bucket: z.string().optional().describe("S3 bucket for batch inputs and outputs (same region as Bedrock)."),
    prefix: z.string().default(DEFAULTS.batch.prefix).describe("Key prefix under which the bot writes."),
    role_arn: z
      .string()
      .regex(/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/.+$/, "an IAM role ARN such as arn:aws:iam::123456789012:role/BedrockBatch")
      .optional()
      .describe("Service role Bedrock assumes to read inputs and write outputs."),
    provider: z.string().optional().describe("Provider whose credentials run batch jobs; default: the default model's provider."),
    default_model: z.string().optional().describe("Model used by /batch and `bedrock-bot batch` when none is given; default: the first model that can run batch jobs."),
    timeout_hours: z.int().min(24).max(168).default(DEFAULTS.batch.timeout_hours).describe("Job timeout (AWS: 24-168 hours)."),
    poll_interval_seconds: z.number().min(5).default(DEFAULTS.batch.poll_interval_seconds).describe("Base interval of the job poller."),
    max_concurrent_jobs: z
      .int()
      .positive()
      .default(DEFAULTS.batch.max_concurrent_jobs)
      .describe("Default per-model cap of submitted + in-progress jobs."),
    small_batch_policy: z
      .enum(["on_demand", "wait", "reject"])
      .default(DEFAULTS.batch.small_batch_policy)
      .describe("What to do with fewer records than the model's batch minimum."),
    on_demand_concurrency: z.int().min(1).max(64).default(DEFAULTS.batch.on_demand_concurrency).describe("Parallel Converse calls for on_demand."),
    on_demand_tier: z
      .enum(["flex", "default"])
      .default(DEFAULTS.batch.on_demand_tier)
      .describe("Service tier of small runs answered on demand: \"flex\" (cheaper; falls back to default, with a note, when the model refuses it) or \"default\"."),
    confirm: z.boolean().default(DEFAULTS.batch.confirm).describe("Ask for Confirm before spending."),
    wait_deadline_hours: z.number().positive().default(DEFAULTS.batch.wait_deadline_hours).describe("How long 'wait' holds records."),
    wait_deadline_action: z
      .enum(["on_demand", "report"])
      .default(DEFAULTS.batch.wait_deadline_action)
      .describe("When 'wait' reaches its deadline short of the minimum: run the records on demand (full price), or report and run nothing."),
    wait_pool_scope: z
      .enum(["guild", "channel"])
      .default(DEFAULTS.batch.wait_pool_scope)
      .describe("Where 'wait' pools records for one model: per server, or per channel (DMs are always per channel)."),
    allowed_buckets: z.array(z.string()).default([]).describe("Buckets /batch source may read from (besides bucket)."),
    allow_users: idList.describe("If non-empty, only these users may start batch jobs."),
    allow_roles: idList.describe("If non-empty, only members with these roles may start batch jobs."),
    retention_days: z.int().min(0).default(DEFAULTS.batch.retention_days).describe("Days to keep inputs in S3 after results are taken."),
    keep_finished_days: z
      .int()
      .min(1)
      .default(DEFAULTS.batch.keep_finished_days)
      .describe("Days a finished /batch submission (told, cancelled, expired, refused) stays readable by /batch list and /batch results; then it and its job records are deleted."),
    keep_columns: z
      .array(z.string().min(1))
      .optional()
      .describe("Input columns (CSV/TSV columns, JSONL/JSON keys) the results carry next to the outputs, in input order; unset: all of them."),
    drop_columns: z
      .array(z.string().min(1))
      .default([])
      .describe("Input columns never carried into the results (large text the output already stands for)."),
    draft_ttl_hours: z
      .number()
      .min(0)
      .default(DEFAULTS.batch.draft_ttl_hours)
      .describe("Hours a /batch draft is kept after a file was last added to it; then it and its S3 copies are deleted (0 = kept until run or cleared)."),
  })
  .describe("Bedrock batch inference (/batch).");

/** Table names go into SQL and paths unquoted by users: letters, digits and `_` only. */
const tableName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, "letters, digits and _ (not starting with a digit), at most 63")
  .default(DEFAULTS.sink.table);

const sinkCommon = {
  name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "letters, digits, _ or - (1-64)").describe("Name that `--sink`, `/batch submit sink:` and `bedrock-bot search` refer to."),
  model: z
    .string()
    .optional()
    .describe("Embedding model ([[models]] name) whose vectors this sink holds; `search` embeds queries with it. Default: the first embedding model."),
};

const lancedbSinkSchema = z
  .object({
    ...sinkCommon,
    type: z.literal("lancedb").describe("Which kind of store."),
    path: z.string().min(1).default(DEFAULTS.sink.lancedb_path).describe("Folder of the LanceDB database (created if missing)."),
    table: tableName.describe("Table in that database (created on first write)."),
  })
  .describe("LanceDB: a vector database in a local folder, nothing to run.");

const pgvectorSinkSchema = z
  .object({
    ...sinkCommon,
    type: z.literal("pgvector").describe("Which kind of store."),
    url: secretString("postgres://user:password@host:5432/database of a PostgreSQL with the pgvector extension."),
    table: tableName.describe("Table (created if missing with the vectors' dimension and an HNSW index)."),
  })
  .describe("PostgreSQL with the pgvector extension.");

const s3vectorsSinkSchema = z
  .object({
    ...sinkCommon,
    type: z.literal("s3vectors").describe("Which kind of store."),
    vector_bucket: z.string().min(3).describe("S3 Vectors vector bucket (must exist)."),
    index: z.string().min(3).describe("Vector index in that bucket (created on first write if missing: float32, cosine)."),
    provider: z.string().optional().describe("[[api_providers]] entry whose credentials are used; default: the first Bedrock provider."),
    region: z.string().regex(REGION_PATTERN, "an AWS region name such as us-east-1").optional().describe("Region of the vector bucket; default: the provider's region."),
    endpoint: z.url().optional().describe("Override of the S3 Vectors endpoint (VPC endpoint, tests)."),
  })
  .describe("Amazon S3 Vectors.");

const sinkSchema = z.discriminatedUnion("type", [lancedbSinkSchema, pgvectorSinkSchema, s3vectorsSinkSchema]);

const storageSchema = z
  .object({
    url: z.string().default(DEFAULTS.storage.url).describe("sqlite://path or redis://host:port."),
    prefix: z
      .string()
      .regex(/^[A-Za-z0-9:_-]*$/, "letters, digits, ':', '_' and '-' only")
      .default(DEFAULTS.storage.prefix)
      .describe("Put before every key and table name, so several bots (or test runs) can share one Redis."),
  })
  .describe("Where settings, usage and jobs are kept.");

/** `host:port`; a bare port or `:port` would listen on every interface, which is never the default. */
const LISTEN_PATTERN = /^(\[[0-9a-fA-F:.]+\]|[a-zA-Z0-9.-]+):\d{1,5}$/;

const observabilitySchema = z
  .object({
    listen: z
      .string()
      .regex(LISTEN_PATTERN, "host:port, such as 127.0.0.1:9464")
      .optional()
      .describe("Serve /healthz, /readyz and /metrics (Prometheus) on this host:port; unset: off. 127.0.0.1 keeps it local."),
  })
  .describe("Health, readiness and metrics endpoints of the standalone bot.");

const toolSchema = z
  .object({
    name: z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/, "a tool name of letters, digits, _ or - (1-64)").describe("Built-in tool name."),
    enabled: z.boolean().default(DEFAULTS.tool.enabled).describe("Offer this tool to models."),
  })
  .describe("Enable or disable a built-in tool.");

/** A domain name as written in allow/deny lists, lower case: `example.com` (its subdomains included). */
const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
const domainList = z.array(z.string().regex(DOMAIN_PATTERN, "a lower-case domain name such as example.com")).default([]);

const webFetchSchema = z
  .object({
    enabled: z.boolean().default(DEFAULTS.web_fetch.enabled).describe("Offer the fetch_url tool (GET a public web page as text). Off unless turned on."),
    guilds: idList.describe("If non-empty, fetch_url is offered only in these servers."),
    channels: idList.describe("If non-empty, fetch_url is offered only in these channels (a thread counts as its parent channel)."),
    allow_domains: domainList.describe("If non-empty, only these domains (and their subdomains) may be fetched."),
    deny_domains: domainList.describe("These domains (and their subdomains) are never fetched."),
    conversation_urls_only: z
      .boolean()
      .default(DEFAULTS.web_fetch.conversation_urls_only)
      .describe("Only fetch URLs that people wrote in the conversation (not ones the model made up), so the model cannot send data to hosts of its choosing."),
    max_redirects: z.int().min(0).max(5).default(DEFAULTS.web_fetch.max_redirects).describe("Redirects followed (each one checked again), at most 5."),
    max_bytes: z.int().min(1024).max(20_000_000).default(DEFAULTS.web_fetch.max_bytes).describe("Bytes of a response read; the rest is cut off."),
    max_chars: z.int().min(500).max(200_000).default(DEFAULTS.web_fetch.max_chars).describe("Characters of page text given to the model; the rest is cut off with a note."),
    timeout_seconds: z.number().positive().max(60).default(DEFAULTS.web_fetch.timeout_seconds).describe("Time allowed for one fetch, redirects included."),
  })
  .describe("The fetch_url tool: public web pages only, checked at connect time (see README, Web fetch).");

/** Server names prefix their tools' names (`<server>_<tool>`), so they keep to Bedrock's tool-name characters. */
const MCP_SERVER_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

const mcpServerSchema = z
  .object({
    name: z.string().regex(MCP_SERVER_NAME, "letters, digits, _ or - (1-64)").describe("Unique name; it prefixes its tools' names (name_tool)."),
    command: z.string().min(1).optional().describe("stdio: the program to start (e.g. \"node\", \"uvx\"); only the config can start one."),
    args: z.array(z.string()).default([]).describe("stdio: arguments of command."),
    env: z
      .record(z.string(), z.string())
      .default({})
      .describe(
        "stdio: environment of the server, over a minimal inherited one (PATH, HOME, ...; never the bot's own secrets). " +
          `Values may be "\${ENV_NAME}" references; they are kept out of logs.`,
      ),
    url: z.url().optional().describe("Streamable HTTP: the server's endpoint (e.g. https://tools.example.com/mcp)."),
    headers: z
      .record(z.string(), z.string())
      .default({})
      .describe(`Streamable HTTP: headers sent with every request (e.g. Authorization = "Bearer \${TOOLS_TOKEN}"); kept out of logs.`),
    enabled: z.boolean().default(DEFAULTS.mcp_server.enabled).describe("Start this server and offer its tools; false: not started at all."),
    timeout: z.number().positive().default(DEFAULTS.mcp_server.timeout).describe("Seconds allowed to connect, list tools, or answer one tool call."),
    allowed_tools: z.array(z.string()).default([]).describe("If non-empty, only these tools of the server (MCP names) are offered."),
    denied_tools: z.array(z.string()).default([]).describe("These tools of the server (MCP names) are never offered; wins over allowed_tools."),
    guilds: idList.describe("If non-empty, the tools are offered only in these servers (guild ids)."),
    channels: idList.describe("If non-empty, the tools are offered only in these channels (and their threads)."),
    dms: z.boolean().default(DEFAULTS.mcp_server.dms).describe("Offer the tools in direct messages, where no server admin can switch them off."),
  })
  .refine((server) => (server.command === undefined) !== (server.url === undefined), {
    message: "give either command (stdio) or url (Streamable HTTP), not both",
  })
  .describe("An MCP server whose tools models may call; started (or connected to) by the bot, never from Discord.");

/** Guardrail versions are a number or DRAFT (Bedrock's `guardrailVersion` pattern). */
const GUARDRAIL_VERSION = /^(([1-9][0-9]{0,7})|(DRAFT))$/;

const guardrailSchema = z
  .object({
    name: z.string().min(1).describe("Name used by /guardrail and in the rest of this file; unique."),
    identifier: z.string().min(1).describe("Guardrail id (e.g. gr1a2b3c4d5e) or ARN, from the Bedrock console."),
    version: z.string().regex(GUARDRAIL_VERSION, "a version number such as \"1\", or \"DRAFT\"").describe("Guardrail version: a number, or \"DRAFT\"."),
    trace: z
      .enum(["enabled", "disabled", "enabled_full"])
      .default(DEFAULTS.guardrail.trace)
      .describe("Guardrail trace: \"enabled\" lets admins see which policy fired (the trace is logged, never posted); \"enabled_full\" also traces policies that did not act."),
    stream_processing: z
      .enum(["sync", "async"])
      .default(DEFAULTS.guardrail.stream_processing)
      .describe("Streamed answers: \"sync\" checks each chunk before it is shown (safer, slower); \"async\" shows chunks at once and checks them meanwhile (blocked text may be seen briefly)."),
    servers: idList.describe("Server ids where this guardrail applies in every channel without its own (/guardrail overrides it)."),
    channels: idList.describe("Channel ids where this guardrail applies, with their threads (/guardrail overrides it)."),
  })
  .describe("A Bedrock guardrail the bot may apply to chat answers.");

export const configSchema = z
  .object({
    api_providers: z.array(z.union([providerSchema, foreignProviderSchema])).default([]).describe("Bedrock accounts/regions (and, for MoFox-Bot files, providers of other client types, which are skipped)."),
    models: z.array(modelSchema).default([]).describe("Models the bot can use; each names its api_provider."),
    bot: botSchema.default(botSchema.parse({})),
    batch: batchSchema.default(batchSchema.parse({})),
    storage: storageSchema.default(storageSchema.parse({})),
    observability: observabilitySchema.default(observabilitySchema.parse({})),
    tools: z.array(toolSchema).default([]).describe("Built-in tools to enable or disable."),
    web_fetch: webFetchSchema.default(webFetchSchema.parse({})),
    mcp_servers: z
      .array(mcpServerSchema)
      .default([])
      .refine((servers) => new Set(servers.map((server) => server.name)).size === servers.length, { message: "MCP server names must be unique" })
      .describe("MCP servers (stdio or Streamable HTTP) whose tools models may call."),
    guardrails: z.array(guardrailSchema).default([]).describe("Bedrock guardrails, assigned to servers and channels here or with /guardrail."),
    sinks: z
      .array(sinkSchema)
      .default([])
      .refine((sinks) => new Set(sinks.map((sink) => sink.name)).size === sinks.length, "two [[sinks]] have the same name")
      .describe("Vector stores embedding results can be loaded into (`batch results --sink`, `/batch submit sink:`) and searched (`bedrock-bot search`)."),
  })
  .describe("bedrock-discord-bot configuration (MoFox-style model_config.toml).");

/** A usable (client_type = "bedrock") provider. */
export type ProviderConfig = z.infer<typeof providerSchema>;
export type ForeignProviderConfig = z.infer<typeof foreignProviderSchema>;
/** An `[[api_providers]]` entry as written: Bedrock, or a skipped provider of another client type. */
export type ProviderEntry = ProviderConfig | ForeignProviderConfig;
export type ModelConfig = z.infer<typeof modelSchema>;
export type ServiceTierName = (typeof SERVICE_TIERS)[number];
export type BotConfig = z.infer<typeof botSchema>;
export type BatchConfig = z.infer<typeof batchSchema>;
export type StorageConfig = z.infer<typeof storageSchema>;
export type ToolToggle = z.infer<typeof toolSchema>;
export type WebFetchConfig = z.infer<typeof webFetchSchema>;
export type McpServerConfig = z.infer<typeof mcpServerSchema>;
export type GuardrailConfig = z.infer<typeof guardrailSchema>;
export type SinkConfig = z.infer<typeof sinkSchema>;
export type ConfigData = z.infer<typeof configSchema>;
