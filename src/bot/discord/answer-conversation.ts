/**
 * One answer, from a request that passed the guards to the finished messages, the same for a message trigger and
 * for `/chat`: settings (channel, then a thread's parent, then guild, then config) -> wait for the answers this one
 * follows -> history -> `buildConversation` (attachments downloaded from the CDN only) -> system prompt -> the tools
 * usable here (built-ins and MCP) -> the tool loop, streamed through `streamAnswer` -> usage record. Whatever fails shows as the answer's failure line.
 */
import { randomUUID } from "node:crypto";
import { createConverseClient, runToolLoop, UserFacingError, type ConverseEvent, type ToolLoopResult } from "../../bedrock/index.ts";
import { batchCapability } from "../../bedrock/batch/records/batch-capability.ts";
import { BedrockError } from "../../bedrock/errors/bedrock-error.ts";
import { defaultChatModel, type ModelConfig } from "../../config/index.ts";
import { chooseModel } from "../../bedrock/models/choose-model.ts";
import { resolveChatSettings, type ResolvedChatSettings } from "../../store/chat-settings.ts";
import { buildConversation } from "../chat/build-conversation.ts";
import { resolveGuardrail, type GuardrailInForce } from "../chat/resolve-guardrail.ts";
import { renderSystemPrompt } from "../chat/render-system-prompt.ts";
import type { ChatState } from "../render/apply-chat-event.ts";
import { STOPPED_MARK } from "../render/chat-decorations.ts";
import { renderFailure } from "../render/render-failure.ts";
import type { AnswerSurface } from "./answer-surface.ts";
import { answerTools, type McpSwitchesHere } from "./answer-tools.ts";
import { ChatAbort, type ChatRun, type CommandRequest } from "./chat-runs.ts";
import type { ChatRuntime } from "./chat-runtime.ts";
import { conversationTools, type ConversationToolRequest } from "./conversation-tools.ts";
import { downloadAttachment } from "./download-attachment.ts";
import type { LoadedHistory } from "./load-history.ts";
import { streamAnswer, type StreamedAnswer } from "./stream-answer.ts";
import type { TypingTarget } from "./typing-indicators.ts";

/** Where the conversation happens: what settings and the system prompt's `{server}` / `{channel}` are read from. */
export interface ConversationPlace {
  guildId: string | null;
  guildName?: string;
  channelId: string;
  /** A thread's parent channel: its settings apply in the thread unless the thread has its own. */
  parentChannelId?: string;
  channelName?: string;
}

export interface ConversationRequest extends ConversationToolRequest {
  /** The id in the answer's buttons. */
  runId: string;
  requesterId: string;
  place: ConversationPlace;
  /** A model name chosen for this answer (`/chat model:`), over the channel's. */
  modelName?: string;
  /** Answers to finish first (the one replied to, or earlier ones in a bot thread): history must include them. */
  after: readonly ChatRun[];
  /** Loads the history; `fresh` lists messages of the answers waited for, to be re-read rather than taken from cache. */
  loadHistory: (fresh: ReadonlySet<string>) => Promise<LoadedHistory>;
  surface: AnswerSurface;
  /** Shows "typing…" here until the first part is posted. */
  typingIn?: TypingTarget;
  /** A line above the answer (the `/chat` prompt). */
  header?: string;
  warnings?: readonly string[];
  /** Set for `/chat`: remembered for Retry. */
  command?: CommandRequest;
}

const SHUTDOWN_LINE = `${STOPPED_MARK}Stopped: the bot is shutting down.`;

/**
 * Resolves once the answer is final on Discord; `undefined` when an answer with this run id is already running, or
 * the plugin is detaching.
 */
export async function answerConversation(runtime: ChatRuntime, request: ConversationRequest): Promise<StreamedAnswer | undefined> {
  if (runtime.closing) return undefined; // detached while this request was being checked
  const begun = runtime.runs.begin({
    runId: request.runId,
    requesterId: request.requesterId,
    channelId: request.place.channelId,
    ...(request.command === undefined ? {} : { command: request.command }),
  });
  if (begun === undefined) return undefined;
  const { run, registered, finish } = begun;
  const log = runtime.logger.child({ runId: request.runId, channelId: request.place.channelId });
  let stopTyping = () => {};
  // Monotonic, for the turn's timings only (metrics); the usage record keeps the wall clock (`runtime.now`).
  const started = performance.now();
  let firstTokenAt: number | undefined;
  let errorKind: string | undefined;
  try {
    // Recorded for the other bot processes before any message shows its Stop button (never rejects).
    await registered;
    const progress: Progress = {
      startTyping: () => {
        if (request.typingIn !== undefined) stopTyping = runtime.typing.start(request.typingIn);
      },
    };
    const prepared: Prepared = await prepare(runtime, request, run, progress).catch((error: unknown) => ({ failure: error, warnings: [], model: progress.model }));
    const answer = await streamAnswer({
      surface: request.surface,
      scheduler: runtime.scheduler,
      render: {
        runId: request.runId,
        modelName: prepared.model?.name ?? "Bedrock",
        showUsage: runtime.config.data.bot.show_usage,
        ...(request.header === undefined ? {} : { header: request.header }),
      },
      warnings: [...(request.warnings ?? []), ...prepared.warnings],
      ...("events" in prepared ? { events: prepared.events } : { failure: prepared.failure }),
      signal: run.controller.signal,
      describeFailure: (error) => {
        errorKind = error instanceof BedrockError ? error.awsName : error instanceof Error ? error.name : typeof error;
        return describeFailure(error, log);
      },
      onFirstPost: () => stopTyping(),
      onPosted: (messageId) => runtime.runs.addMessage(run, messageId),
      onState: (state) => {
        run.reasoning = state.reasoning;
        if (state.guardrail !== undefined) run.guardrail = [...state.guardrail.policies];
        if (firstTokenAt === undefined && state.answer !== "") firstTokenAt = performance.now();
      },
      onComplete: async (state) => {
        if (prepared.model === undefined) return;
        await recordUsage(runtime, request, prepared.model, state).catch((error: unknown) => log.error({ err: error }, "recording usage failed"));
      },
    });
    observeTurn(runtime, prepared.model?.name, answer.state.failure === undefined ? undefined : (errorKind ?? "failure"), started, firstTokenAt);
    return answer;
  } finally {
    stopTyping();
    // Kept before the run counts as finished, so a detach (which waits for running answers) does not close the
    // store under this write.
    const { runId, requesterId, command, reasoning, guardrail } = run;
    await runtime.finishedRuns
      ?.keep({ runId, requesterId, reasoning, ...(command === undefined ? {} : { command }), ...(guardrail === undefined ? {} : { guardrail }) })
      .catch((error: unknown) => log.warn({ err: error }, "could not keep a finished answer for its buttons"));
    finish();
  }
}

function observeTurn(runtime: ChatRuntime, model: string | undefined, errorKind: string | undefined, started: number, firstTokenAt: number | undefined): void {
  runtime.observer?.chatTurn?.({
    model: model ?? "unknown",
    outcome: errorKind === undefined ? "ok" : "error",
    ...(errorKind === undefined ? {} : { errorKind }),
    ...(firstTokenAt === undefined ? {} : { firstTokenSeconds: (firstTokenAt - started) / 1000 }),
    totalSeconds: (performance.now() - started) / 1000,
  });
}

/** How far `prepare` got, for the answer's footer when it fails. */
interface Progress {
  model?: ModelConfig;
  startTyping: () => void;
}

type Prepared =
  | { model: ModelConfig; warnings: string[]; events: AsyncGenerator<ConverseEvent, ToolLoopResult> }
  | { model: ModelConfig | undefined; warnings: string[]; failure: unknown };

async function prepare(runtime: ChatRuntime, request: ConversationRequest, run: ChatRun, progress: Progress): Promise<Prepared> {
  const { config } = runtime;
  const bot = config.data.bot;
  const signal = run.controller.signal;
  const settings = await resolveSettings(runtime, request.place);
  const { model, warnings } = chooseModel(config, "chat", request.modelName ?? settings.model, { fallback: true });
  warnings.push(...settings.guardrail.warnings);
  const { guardrail } = settings.guardrail;
  progress.model = model;
  const fresh = new Set<string>();
  for (const earlier of request.after) {
    await earlier.done;
    for (const messageId of earlier.messageIds) fresh.add(messageId);
  }
  signal.throwIfAborted();
  progress.startTyping();
  const history = await request.loadHistory(fresh);
  const conversation = await buildConversation({
    history: history.value,
    botUserId: runtime.client.user?.id ?? "",
    historyLimit: bot.history_limit,
    hasMessageContentIntent: runtime.hasMessageContentIntent,
    fetchAttachment: (attachment) => downloadAttachment(attachment, { fetch: runtime.fetch, config: bot, signal }),
    contentLimits: { allowVideo: batchCapability(model).s3Video },
  });
  warnings.push(...history.warnings, ...conversation.warnings);
  signal.throwIfAborted();
  if (conversation.value.messages.length === 0) {
    return { model, warnings, failure: new UserFacingError("There is nothing to answer: the message has no text or files I could read.") };
  }
  const system = renderSystemPrompt(settings.systemPrompt, {
    now: runtime.now().getTime(),
    ...(request.place.guildName === undefined ? {} : { server: request.place.guildName }),
    ...(request.place.channelName === undefined ? {} : { channel: request.place.channelName }),
  });
  const tools = answerTools(runtime, request.place, settings.mcpSwitches, model);
  warnings.push(...tools.warnings);
  const loop = runToolLoop(createConverseClient(runtime.clients.forModel(model).runtime), {
    model,
    ...(guardrail === undefined ? {} : { guardrail }),
    ...((settings.citations ?? model.citations) === true ? { citations: true } : {}),
    messages: conversation.value.messages,
    ...(system.trim() === "" ? {} : { system: [{ text: system }] }),
    registry: tools.registry.with(conversationTools(runtime, request, history.value)),
    maxRounds: bot.max_rounds,
    abortSignal: signal,
    onSkipped: (what) => runtime.logger.warn({ runId: request.runId, model: model.name, skipped: what }, "skipped a part of Bedrock's answer this bot does not know"),
    ...(settings.serviceTier === undefined ? {} : { serviceTier: settings.serviceTier }),
    ...inferenceOverrides(settings),
  });
  const log = runtime.logger.child({ runId: request.runId, channelId: request.place.channelId });
  return { model, warnings, events: logGuardrailTraces(loop, log, guardrail?.name) };
}

interface PlaceChatSettings extends ResolvedChatSettings {
  guardrail: GuardrailInForce;
  mcpSwitches: McpSwitchesHere;
  /** `/model citations:` at the channel or server; the model's `citations` otherwise. */
  citations?: boolean;
}

async function resolveSettings(runtime: ChatRuntime, place: ConversationPlace): Promise<PlaceChatSettings> {
  const { settings, config } = runtime;
  const [channel, parent, guild] = await Promise.all([
    settings.getChannel(place.channelId),
    place.parentChannelId === undefined ? undefined : settings.getChannel(place.parentChannelId),
    place.guildId === null ? undefined : settings.getGuild(place.guildId),
  ]);
  const merged = channel === undefined && parent === undefined ? undefined : { ...parent, ...channel };
  const resolved = resolveChatSettings(merged, guild, {
    defaultModel: defaultChatModel(config)?.name ?? "",
    configSystemPrompt: config.data.bot.system_prompt,
  });
  const channelIds = place.parentChannelId === undefined ? [place.channelId] : [place.channelId, place.parentChannelId];
  const guardrail = resolveGuardrail({ channel: merged, guild }, config, { channelIds, ...(place.guildId === null ? {} : { guildId: place.guildId }) });
  const citations = merged?.citations ?? guild?.citations;
  const mcpSwitches = { channel: { ...merged?.mcpServers }, ...(guild?.mcpServers === undefined ? {} : { guild: guild.mcpServers }) };
  return { ...resolved, guardrail, mcpSwitches, ...(citations === undefined ? {} : { citations }) };
}

/** Passes the events on; a guardrail's raw trace is logged here and goes no further than the chat state's summary. */
async function* logGuardrailTraces(
  events: AsyncGenerator<ConverseEvent, ToolLoopResult>,
  log: ChatRuntime["logger"],
  guardrail: string | undefined,
): AsyncGenerator<ConverseEvent, ToolLoopResult> {
  let step = await events.next();
  try {
    while (step.done !== true) {
      const event = step.value;
      if (event.type === "guardrail") {
        log.warn({ guardrail, intervened: event.intervened, policies: event.policies, trace: event.trace }, "guardrail acted on a chat answer");
        const { trace: _trace, ...summary } = event;
        yield summary;
      } else yield event;
      step = await events.next();
    }
    return step.value;
  } finally {
    if (step.done !== true) await events.return(undefined as never);
  }
}

function inferenceOverrides(settings: ResolvedChatSettings): { inferenceConfig?: { temperature?: number; maxTokens?: number } } {
  const inferenceConfig = {
    ...(settings.temperature === undefined ? {} : { temperature: settings.temperature }),
    ...(settings.maxTokens === undefined ? {} : { maxTokens: settings.maxTokens }),
  };
  return Object.keys(inferenceConfig).length === 0 ? {} : { inferenceConfig };
}

function describeFailure(error: unknown, log: ChatRuntime["logger"]): string {
  if (error instanceof ChatAbort && error.by === "shutdown") return SHUTDOWN_LINE;
  const errorId = randomUUID().slice(0, 8);
  const failure = renderFailure(error, errorId);
  if (failure.expected) log.info({ err: error }, "chat answer refused or stopped");
  else log.error({ err: error, errorId }, "chat answer failed");
  return failure.text;
}

async function recordUsage(runtime: ChatRuntime, request: ConversationRequest, model: ModelConfig, state: ChatState): Promise<void> {
  if (state.modelCalls === 0) return;
  const { inputTokens, cacheReadInputTokens, cacheWriteInputTokens, outputTokens } = state.usage;
  await runtime.usage.record({
    at: runtime.now().toISOString(),
    kind: "chat",
    userId: request.requesterId,
    ...(request.place.guildId === null ? {} : { guildId: request.place.guildId }),
    channelId: request.place.channelId,
    model: model.name,
    inputTokens: inputTokens + cacheReadInputTokens + cacheWriteInputTokens,
    outputTokens,
    ...(cacheReadInputTokens + cacheWriteInputTokens === 0 ? {} : { cacheReadInputTokens, cacheWriteInputTokens, cacheSavedUsd: state.cacheSavedUsd }),
    ...(state.serviceTiers.length === 0 ? {} : { serviceTier: state.serviceTiers.join("+") }),
    ...(state.costKnown ? {} : { costKnown: false as const }),
    costUsd: state.costUsd,
  });
}
