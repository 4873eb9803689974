// The naive design the benchmark compares against, the way simple integrations are written: the webhook handler
// posts each message to Slack itself (no queue, no combining, no pacing), creating a chat's thread on its first
// message, and answers Convrs once the post is done. Slack's client runs with its defaults: on a 429 it pauses all
// its calls for Retry-After and retries (up to 10 times over ~30 minutes), inside the webhook request.
// Run as its own process by the bench: PORT, SLACK_BOT_TOKEN, SLACK_API_URL, CONVRS_WEBHOOK_SECRET.
import express from 'express';
import { LogLevel, WebClient } from '@slack/web-api';
import { defaultProfile } from '../../adapters/convrs/profile';

interface Place {
  channel: string;
  user?: string;
}
interface ConvrsMessage {
  conversationId: string;
  author?: { name?: string };
  text?: string;
}

const slack = new WebClient(process.env.SLACK_BOT_TOKEN, {
  slackApiUrl: process.env.SLACK_API_URL,
  logLevel: LogLevel.ERROR,
});
const secret = process.env.CONVRS_WEBHOOK_SECRET;
/** Conversation id → where it is mirrored (what `supervise`/`watch` would have stored; set by the bench). */
const routes = new Map<string, Place[]>();
const roots = new Map<string, Promise<string>>();
const dms = new Map<string, Promise<string>>();

function dmOf(user: string): Promise<string> {
  let dm = dms.get(user);
  if (!dm) {
    dm = slack.conversations.open({ users: user }).then((r) => r.channel!.id!);
    dms.set(user, dm);
    dm.catch(() => dms.delete(user));
  }
  return dm;
}

/** The thread of a chat in a channel, started by the chat's first message (concurrent messages wait for the same root). */
function rootOf(m: ConvrsMessage, channel: string): Promise<string> {
  const key = `${m.conversationId}|${channel}`;
  let root = roots.get(key);
  if (!root) {
    root = slack.chat
      .postMessage({
        channel,
        text: `Chat ${m.conversationId}`,
        metadata: { event_type: 'bench_thread', event_payload: { chat: m.conversationId } },
      })
      .then((r) => r.ts!);
    roots.set(key, root);
    root.catch(() => roots.delete(key));
  }
  return root;
}

async function mirror(m: ConvrsMessage, place: Place): Promise<void> {
  const channel = place.user ? await dmOf(place.user) : place.channel;
  const thread_ts = await rootOf(m, channel);
  await slack.chat.postMessage({ channel, thread_ts, text: `*${m.author?.name ?? 'Someone'}*: ${m.text ?? ''}` });
}

const app = express();
app.post('/bench/routes', express.json({ limit: '50mb' }), (req, res) => {
  for (const r of req.body as Array<{ conversationId: string; places: Place[] }>)
    routes.set(r.conversationId, r.places);
  res.json({ ok: true });
});
app.post('/convrs/webhook', express.json({ limit: '5mb' }), async (req, res) => {
  if (req.query.secret !== secret) return void res.sendStatus(401);
  const envelope = req.body as { cmd?: string; data?: ConvrsMessage };
  const m = envelope.data;
  if (envelope.cmd === defaultProfile.events.message && m) {
    try {
      await Promise.all((routes.get(m.conversationId) ?? []).map((place) => mirror(m, place)));
    } catch {
      return void res.sendStatus(500);
    }
  }
  res.sendStatus(200);
});
app.get('/healthz', (_req, res) => void res.json({ ok: true }));

const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(
    JSON.stringify({ level: 30, msg: 'baseline started', port: (server.address() as { port: number }).port }),
  );
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
