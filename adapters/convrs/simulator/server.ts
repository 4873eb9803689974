// startSimulator: a fake Convrs on one HTTP server — POST /api commands, ws /api events, webhook delivery.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import pino, { type Logger } from 'pino';
import { defaultProfile, type ConvrsProfile } from '../profile';
import { CommandHandler, type FailMode } from './commands';
import { Delivery, type DeliveryStats } from './delivery';
import { SimOps, type StartChatOptions, type TransferTarget } from './ops';
import { buildPopulation, mulberry32, type PopulationOptions } from './population';
import { SimState } from './state';
import { TrafficGenerator, type TrafficOptions } from './traffic';
import type {
  Agent,
  AgentStatusValue,
  Attachment,
  CommandLogEntry,
  Conversation,
  Message,
  Permission,
  ThumbsValue,
} from './types';
import { attachWebsocket } from './wsapi';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: '127.0.0.1' | string;
  token: string;
  webhookUrl?: string;
  webhookSecret?: string;
  seed?: number;
  duplicateRate?: number;
  shuffleWindowMs?: number;
  /** Generated traffic, started at once; with false it can still be started later via `traffic.start()`. */
  traffic?: false | Omit<TrafficOptions, 'seed'>;
  logger?: Logger;
  profile?: ConvrsProfile;
  population?: Omit<PopulationOptions, 'seed'>;
  webhookRetry?: { baseMs?: number; maxAttempts?: number; timeoutMs?: number };
  /** Part of every generated id; '' gives plain "cv_1", "m_1", "ev_1" (default: random per run). */
  idTag?: string;
}

export interface SimulatorControl {
  startChat(opts?: StartChatOptions): Conversation;
  say(conversationId: string, role: 'customer' | 'agent' | 'bot', text: string, attachments?: Attachment[]): Message;
  /** A whisper typed in the Convrs web app (emitted as onMessage with sender "whisper"). */
  whisper(conversationId: string, text: string, by: string): Message;
  transfer(conversationId: string, target: TransferTarget): Conversation;
  finish(conversationId: string): Conversation;
  thumbs(conversationId: string, thumbs: ThumbsValue, comment?: string): Conversation;
  /** An agent's status changes (with her self-selected status, e.g. "Away", when given); her open chats stay hers. */
  setAgentStatus(email: string, status: AgentStatusValue, selfStatus?: string | null): Agent;
  setAgentAccess(email: string, access: { businessUnits?: string[]; permissions?: Permission[] }): Agent;
  pauseDelivery(): void;
  resumeDelivery(): void;
  /** The next n commands (HTTP or websocket) fail: HTTP 500, never answered, or ok:0. */
  failCommands(n: number, mode: FailMode): void;
  setWebhook(url: string | undefined, secret?: string): void;
  /** Cuts every websocket connection at once, as a network drop does: events emitted before clients reconnect reach none of them. Returns how many were cut. */
  dropConnections(): number;
}

export interface Simulator {
  apiUrl: string;
  wsUrl: string;
  port: number;
  state: SimState;
  commandLog: CommandLogEntry[];
  stats: DeliveryStats;
  traffic: TrafficGenerator;
  control: SimulatorControl;
  flush(): Promise<void>;
  stop(): Promise<void>;
}

const copy = <T>(v: T): T => structuredClone(v);

export async function startSimulator(opts: SimulatorOptions): Promise<Simulator> {
  const logger = opts.logger ?? pino({ level: 'silent' });
  const seed = opts.seed ?? 1;
  const profile = opts.profile ?? defaultProfile;
  const state = new SimState(buildPopulation({ ...opts.population, seed }), profile, opts.idTag);
  const ops = new SimOps(state, mulberry32(seed));
  const delivery = new Delivery({
    rng: mulberry32(seed + 104729),
    webhookUrl: opts.webhookUrl,
    webhookSecret: opts.webhookSecret,
    duplicateRate: opts.duplicateRate,
    shuffleWindowMs: opts.shuffleWindowMs,
    retryBaseMs: opts.webhookRetry?.baseMs,
    maxAttempts: opts.webhookRetry?.maxAttempts,
    timeoutMs: opts.webhookRetry?.timeoutMs,
    logger,
  });
  state.sink = (env) => delivery.publish(env);
  const commands = new CommandHandler(ops, opts.token, logger);

  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post('/api', (req: Request, res: Response) => {
    const out = commands.handle(req.body, 'http');
    if (out.kind === 'reply') res.json(out.reply);
    else if (out.kind === 'fail500') res.status(500).json({ error: 'Internal Server Error' });
    // 'hang': never answered; stop() drops the connection.
  });
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    res.status(200).json({ cmd: '', ok: 0, error: 'Invalid JSON' });
  });

  const server = createServer(app);
  const wss = attachWebsocket(server, {
    token: opts.token,
    authenticate: profile.commands.authenticate,
    commands,
    delivery,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? '127.0.0.1';
  const traffic = new TrafficGenerator(ops, { chats: 5, messagesPerSecond: 2, ...(opts.traffic || {}), seed }, logger);
  if (opts.traffic) traffic.start();
  logger.info({ port, webhook: Boolean(opts.webhookUrl), traffic: traffic.running }, 'Convrs simulator listening');

  const control: SimulatorControl = {
    startChat: (o) => copy(ops.startChat(o)),
    say: (id, role, text, attachments) => copy(ops.say(id, role, text, attachments)),
    whisper: (id, text, by) => copy(ops.whisper(id, text, by)),
    transfer: (id, target) => copy(ops.transfer(id, target)),
    finish: (id) => copy(ops.finish(id)),
    thumbs: (id, thumbs, comment) => copy(state.feedback(id, thumbs, comment)),
    setAgentStatus: (email, status, selfStatus) => copy(state.setAgentStatus(email, status, selfStatus)),
    setAgentAccess: (email, access) => copy(state.setAgentAccess(email, access)),
    pauseDelivery: () => delivery.setPaused(true),
    resumeDelivery: () => delivery.setPaused(false),
    failCommands: (n, mode) => commands.failNext(n, mode),
    setWebhook: (url, secret) => delivery.setWebhook(url, secret),
    dropConnections: () => {
      const n = wss.clients.size;
      for (const ws of wss.clients) ws.terminate();
      delivery.clients.clear();
      return n;
    },
  };

  let stopped: Promise<void> | undefined;
  return {
    apiUrl: `http://${host}:${port}/api`,
    wsUrl: `ws://${host}:${port}/api`,
    port,
    state,
    commandLog: commands.log,
    stats: delivery.stats,
    traffic,
    control,
    flush: () => delivery.flush(),
    stop: () =>
      (stopped ??= (async () => {
        traffic.stop();
        delivery.stop();
        for (const ws of wss.clients) ws.terminate();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })()),
  };
}
