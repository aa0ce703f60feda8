import { randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { GatewayCloseCodes, GatewayOpcodes } from "discord-api-types/v10";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { KNOWN_INTENTS, PRIVILEGED_INTENTS } from "./gateway-intents.ts";
import { IdentifyLimiter, parseShard, shardKey, shardOfGuild, type ShardPair } from "./shards.ts";

/** A dispatch as sent on the wire (op 0). */
interface SentDispatch {
  s: number;
  t: string;
  d: unknown;
}

/** One gateway session: created by IDENTIFY, survives dropped connections until resumed or invalidated. */
export interface GatewaySession {
  id: string;
  intents: number;
  /** `[shard_id, num_shards]` from IDENTIFY (`[0, 1]` when it named none). */
  shard: ShardPair;
  /** Sequence number of the last dispatch for this session. */
  seq: number;
  socket: WebSocket | null;
  /** Every dispatch of the session, for RESUME replays. */
  sent: SentDispatch[];
}

/** What the gateway needs from the rest of the fake. */
export interface GatewayOptions {
  botToken: string;
  heartbeatIntervalMs: number;
  /** Privileged intents enabled for the application; requesting others closes with 4014. */
  enabledPrivilegedIntents: number;
  /** The `resume_gateway_url` to hand out (the fake's own gateway URL). */
  resumeUrl: () => string;
  /** IDENTIFY buckets (`shard_id % maxConcurrency`) and the window in which each accepts one IDENTIFY. */
  maxConcurrency: number;
  identifyWindowMs: number;
  /** Whether a bot running `shardCount` shards would have more guilds on one of them than Discord allows (4011). */
  shardingRequired: (shardCount: number) => boolean;
  /** READY data and the GUILD_CREATEs that follow it, built for a new session (its shard's guilds only). */
  onIdentify: (session: GatewaySession) => { ready: Record<string, unknown>; guilds: Record<string, unknown>[] };
  /** Called after anything a test may wait for (identify, resume, dispatch). */
  onChange: () => void;
}

/** Gateway counters (`fake.stats.gateway`). */
export interface GatewayStats {
  identifies: number;
  resumes: number;
  heartbeats: number;
  /** Intents of the last IDENTIFY. */
  lastIntents: number | null;
  /** Accepted IDENTIFYs per shard, keyed `"<id>/<count>"` (e.g. `"1/2"`). */
  identifiesByShard: Record<string, number>;
  /** IDENTIFYs answered with op 9 because their bucket had identified within the window. */
  identifiesRateLimited: number;
}

/** Sessions a bot may start per day (GET /gateway/bot `session_start_limit.total`). */
export const SESSION_START_TOTAL = 1000;

const MAX_REPLAY = 5000;

/** The fake gateway: HELLO/heartbeat/IDENTIFY/RESUME over `ws`, dispatches with per-session sequence numbers. */
export class FakeGateway {
  readonly sessions = new Map<string, GatewaySession>();
  readonly stats: GatewayStats = { identifies: 0, resumes: 0, heartbeats: 0, lastIntents: null, identifiesByShard: {}, identifiesRateLimited: 0 };
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  /** Upgrades waiting while connections are held (`holdConnections`), as during a Discord gateway outage. */
  private held: (() => void)[] | undefined;
  private readonly identifyLimiter: IdentifyLimiter;

  constructor(private readonly options: GatewayOptions) {
    this.identifyLimiter = new IdentifyLimiter(options.maxConcurrency, options.identifyWindowMs);
    this.server.on("connection", (socket) => this.onConnection(socket));
  }

  /** Hands an HTTP upgrade on the gateway path over to the WebSocket server. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? "/", "http://fake");
    if (url.searchParams.get("v") !== "10" || url.searchParams.get("encoding") !== "json") {
      socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
      return;
    }
    const accept = () => this.server.handleUpgrade(request, socket, head, (ws) => this.server.emit("connection", ws, request));
    if (this.held === undefined) accept();
    else this.held.push(accept);
  }

  /**
   * New gateway connections wait (the TCP connection is open, the WebSocket upgrade unanswered) until the returned
   * function is called: a client that lost its connection stays reconnecting for as long as a test needs.
   */
  holdConnections(): () => void {
    this.held ??= [];
    return () => {
      const waiting = this.held ?? [];
      this.held = undefined;
      for (const accept of waiting) accept();
    };
  }

  /** `session_start_limit.remaining`: every accepted IDENTIFY starts a session and uses one up. */
  get sessionStartsRemaining(): number {
    return Math.max(0, SESSION_START_TOTAL - this.stats.identifies);
  }

  /**
   * Sends a dispatch to every session of the shard that owns it and whose intents allow it: a guild's events go to
   * the shard `shardOfGuild(guildId, num_shards)`, events outside guilds (`guildId` null: DMs) to shard 0 — each
   * session by its own `num_shards`, as Discord routes. Every live session of that shard gets it (two processes
   * identified on one shard both do). `build` makes the data per session (content is stripped without
   * MESSAGE_CONTENT) and may return undefined to skip a session. Sessions whose connection dropped keep the
   * dispatch for replay on RESUME.
   */
  dispatch(event: string, requiredIntent: number, guildId: string | null, build: (session: GatewaySession) => unknown): void {
    for (const session of this.sessions.values()) {
      if (!ownsEvent(session.shard, guildId)) continue;
      if (requiredIntent !== 0 && (session.intents & requiredIntent) === 0) continue;
      const data = build(session);
      if (data === undefined) continue;
      this.send(session, event, data, true);
    }
    this.options.onChange();
  }

  /**
   * Cuts every connection the way a network failure would (no close frame; discord.js sees 1006 and resumes),
   * or closes with `code`. With `resumable: false` the sessions are forgotten, so RESUME gets op 9 and the
   * client identifies again.
   */
  drop(options: { code?: number; resumable?: boolean } = {}): void {
    for (const session of this.sessions.values()) {
      const socket = session.socket;
      session.socket = null;
      if (socket) {
        if (options.code === undefined) socket.terminate();
        else socket.close(options.code, "dropped by test");
      }
    }
    if (options.resumable === false) this.sessions.clear();
  }

  /** Asks connected clients to reconnect and resume (op 7). */
  requestReconnect(): void {
    for (const session of this.sessions.values()) session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Reconnect, d: null, s: null, t: null }));
  }

  close(): void {
    for (const socket of this.sockets) socket.terminate();
    this.server.close();
  }

  private onConnection(socket: WebSocket): void {
    this.sockets.add(socket);
    let session: GatewaySession | null = null;
    socket.on("close", (code) => {
      this.sockets.delete(socket);
      if (session?.socket === socket) {
        session.socket = null;
        // A client closing with 1000/1001 ends its session, as on Discord; other codes keep it resumable.
        if (code === 1000 || code === 1001) this.sessions.delete(session.id);
      }
    });
    socket.on("message", (raw) => {
      const payload = parse(raw);
      if (!payload) return socket.close(GatewayCloseCodes.DecodeError, "Error while decoding payload.");
      switch (payload.op as GatewayOpcodes) {
        case GatewayOpcodes.Heartbeat:
          this.stats.heartbeats += 1;
          socket.send(JSON.stringify({ op: GatewayOpcodes.HeartbeatAck, d: null, s: null, t: null }));
          return;
        case GatewayOpcodes.Identify:
          if (session) return socket.close(GatewayCloseCodes.AlreadyAuthenticated, "You're already authenticated.");
          session = this.identify(socket, payload.d);
          return;
        case GatewayOpcodes.Resume:
          if (session) return socket.close(GatewayCloseCodes.AlreadyAuthenticated, "You're already authenticated.");
          session = this.resume(socket, payload.d);
          return;
        case GatewayOpcodes.PresenceUpdate:
        case GatewayOpcodes.VoiceStateUpdate:
        case GatewayOpcodes.RequestGuildMembers:
        case GatewayOpcodes.RequestSoundboardSounds:
        case GatewayOpcodes.RequestChannelInfo:
          // Accepted and ignored: the fake has no presences, voice or member chunks.
          if (!session) socket.close(GatewayCloseCodes.NotAuthenticated, "You sent a payload prior to identifying.");
          return;
        case GatewayOpcodes.Dispatch:
        case GatewayOpcodes.HeartbeatAck:
        case GatewayOpcodes.Hello:
        case GatewayOpcodes.InvalidSession:
        case GatewayOpcodes.Reconnect:
          // Server-to-client opcodes.
          socket.close(GatewayCloseCodes.UnknownOpcode, "Unknown opcode.");
          return;
        default:
          socket.close(GatewayCloseCodes.UnknownOpcode, "Unknown opcode.");
      }
    });
    socket.send(JSON.stringify({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null }));
  }

  private identify(socket: WebSocket, data: unknown): GatewaySession | null {
    const d = (data ?? {}) as { token?: unknown; intents?: unknown; shard?: unknown };
    if (d.token !== this.options.botToken) {
      socket.close(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
      return null;
    }
    if (typeof d.intents !== "number" || (d.intents & ~KNOWN_INTENTS) !== 0) {
      socket.close(GatewayCloseCodes.InvalidIntents, "Invalid intent(s).");
      return null;
    }
    if ((d.intents & PRIVILEGED_INTENTS & ~this.options.enabledPrivilegedIntents) !== 0) {
      socket.close(GatewayCloseCodes.DisallowedIntents, "Disallowed intent(s).");
      return null;
    }
    const shard = parseShard(d.shard);
    if (!shard) {
      socket.close(GatewayCloseCodes.InvalidShard, "Invalid shard.");
      return null;
    }
    if (this.options.shardingRequired(shard[1])) {
      socket.close(GatewayCloseCodes.ShardingRequired, "Sharding required.");
      return null;
    }
    if (!this.identifyLimiter.tryIdentify(shard[0])) {
      // Discord answers an IDENTIFY over the max_concurrency limit with op 9; the client waits and identifies again.
      this.stats.identifiesRateLimited += 1;
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      this.options.onChange();
      return null;
    }
    const session: GatewaySession = { id: randomBytes(16).toString("hex"), intents: d.intents, shard, seq: 0, socket, sent: [] };
    this.sessions.set(session.id, session);
    this.stats.identifies += 1;
    this.stats.identifiesByShard[shardKey(shard)] = (this.stats.identifiesByShard[shardKey(shard)] ?? 0) + 1;
    this.stats.lastIntents = d.intents;
    const { ready, guilds } = this.options.onIdentify(session);
    this.send(session, "READY", { ...ready, session_id: session.id, resume_gateway_url: this.options.resumeUrl() }, true);
    for (const guild of guilds) this.send(session, "GUILD_CREATE", guild, true);
    this.options.onChange();
    return session;
  }

  private resume(socket: WebSocket, data: unknown): GatewaySession | null {
    const d = (data ?? {}) as { token?: unknown; session_id?: unknown; seq?: unknown };
    if (d.token !== this.options.botToken) {
      socket.close(GatewayCloseCodes.AuthenticationFailed, "Authentication failed.");
      return null;
    }
    const session = typeof d.session_id === "string" ? this.sessions.get(d.session_id) : undefined;
    const seq = typeof d.seq === "number" ? d.seq : -1;
    if (!session || seq > session.seq) {
      socket.send(JSON.stringify({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null }));
      return null;
    }
    session.socket?.terminate();
    session.socket = socket;
    for (const dispatch of session.sent) {
      if (dispatch.s > seq) socket.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...dispatch }));
    }
    this.send(session, "RESUMED", null, false);
    this.stats.resumes += 1;
    this.options.onChange();
    return session;
  }

  private send(session: GatewaySession, event: string, data: unknown, keep: boolean): void {
    session.seq += 1;
    const dispatch: SentDispatch = { s: session.seq, t: event, d: data };
    if (keep) {
      session.sent.push(dispatch);
      if (session.sent.length > MAX_REPLAY) session.sent.shift();
    }
    session.socket?.send(JSON.stringify({ op: GatewayOpcodes.Dispatch, ...dispatch }));
  }
}

/** Whether a session's shard receives an event of `guildId` (null: not in a guild, shard 0's). */
function ownsEvent([id, count]: ShardPair, guildId: string | null): boolean {
  return guildId === null ? id === 0 : shardOfGuild(guildId, count) === id;
}

function parse(raw: RawData): { op: number; d: unknown } | null {
  try {
    const text = Array.isArray(raw) ? Buffer.concat(raw).toString("utf8") : Buffer.from(raw as ArrayBuffer).toString("utf8");
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null && typeof (value as { op?: unknown }).op === "number" ? (value as { op: number; d: unknown }) : null;
  } catch {
    return null;
  }
}
