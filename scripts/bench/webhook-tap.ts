// Sits in the simulator's webhook path (by wrapping this process's fetch): spreads deliveries over the web processes
// like a load balancer would, and notes when the server accepted (answered 2xx to) each tagged message.
export const TAP_WEBHOOK_URL = 'http://convrs-webhook.bench.invalid/convrs/webhook';
const TAP_ORIGIN = new URL(TAP_WEBHOOK_URL).origin;

export interface Acceptance { body: string; sentAt: number; acceptedAt: number }

export class WebhookTap {
  private next = 0;
  private original?: typeof fetch;

  constructor(private readonly backends: string[], private readonly onAccepted: (a: Acceptance) => void) {
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
      const res = await original(target, init);
      if (res.ok && typeof init?.body === 'string') this.onAccepted({ body: init.body, sentAt, acceptedAt: Date.now() });
      return res;
    };
  }

  uninstall(): void {
    if (this.original) globalThis.fetch = this.original;
    this.original = undefined;
  }
}
