// Sits in the simulator's webhook path (by wrapping this process's fetch): spreads deliveries over the web processes
// like a load balancer would, and notes when the server accepted (answered 2xx to) each tagged message.
// Deliveries go out over node:http with keep-alive rather than fetch: the harness shares the machine with the bot, and
// fetch (undici: Request, Headers, abort signals per call) cost it about twice the CPU per delivery, CPU the bot under
// test then did not have. The bot sees the same requests either way.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POST with node:http; answers as fetch would (status, body), honouring init.signal. */
function post(target: URL, init: RequestInit | undefined): Promise<Response> {
  return new Promise((resolve, reject) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const req = http.request(target, { method: init?.method ?? 'POST', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve(new Response(res.statusCode === 204 ? null : Buffer.concat(chunks), { status: res.statusCode ?? 500 })),
      );
      res.on('error', reject);
    });
    const signal = init?.signal;
    const abort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (signal?.aborted) return abort();
    signal?.addEventListener('abort', abort, { once: true });
    req.on('close', () => signal?.removeEventListener('abort', abort));
    req.on('error', reject);
    req.end(typeof init?.body === 'string' ? init.body : undefined);
  });
}
export const TAP_WEBHOOK_URL = 'http://convrs-webhook.bench.invalid/convrs/webhook';
const TAP_ORIGIN = new URL(TAP_WEBHOOK_URL).origin;

export interface Acceptance {
  body: string;
  sentAt: number;
  acceptedAt: number;
}

export class WebhookTap {
  private next = 0;
  private original?: typeof fetch;

  constructor(
    private readonly backends: string[],
    private readonly onAccepted: (a: Acceptance) => void,
  ) {
    if (!backends.length) throw new Error('the webhook tap needs at least one backend');
  }

  install(): void {
    const original = (this.original = globalThis.fetch);
    globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.startsWith(TAP_ORIGIN)) return original(input, init);
      const target = new URL(url);
      const backend = new URL(this.backends[this.next++ % this.backends.length]!);
      target.protocol = backend.protocol;
      target.host = backend.host;
      const sentAt = Date.now();
      const res = await post(target, init);
      if (res.ok && typeof init?.body === 'string')
        this.onAccepted({ body: init.body, sentAt, acceptedAt: Date.now() });
      return res;
    };
  }

  uninstall(): void {
    if (this.original) globalThis.fetch = this.original;
    this.original = undefined;
  }
}
