// The websocket side of /api: Authenticate, then event pushes; commands are answered like over HTTP.
import type { Server } from 'node:http';
import { WebSocketServer, type RawData } from 'ws';
import type { CommandHandler } from './commands';
import type { Delivery } from './delivery';

export function attachWebsocket(
  server: Server,
  opts: { token: string; authenticate: string; commands: CommandHandler; delivery: Delivery },
): WebSocketServer {
  const wss = new WebSocketServer({ server, path: '/api' });
  wss.on('connection', (ws) => {
    ws.on('error', () => undefined);
    ws.on('close', () => opts.delivery.clients.delete(ws));
    ws.on('message', (raw: RawData) => {
      let body: unknown;
      try {
        body = JSON.parse(raw.toString());
      } catch {
        return ws.send(JSON.stringify({ cmd: '', ok: 0, error: 'Invalid JSON' }));
      }
      const { cmd, token } = (body ?? {}) as { cmd?: unknown; token?: unknown };
      if (cmd === opts.authenticate) {
        opts.commands.log.push({ cmd, params: {}, at: new Date(), transport: 'ws' });
        if (token !== opts.token) {
          ws.send(JSON.stringify({ cmd, ok: 0, error: 'Invalid token' }));
          return ws.close(4001, 'Invalid token');
        }
        opts.delivery.clients.add(ws);
        return ws.send(JSON.stringify({ cmd, ok: 1 }));
      }
      const out = opts.commands.handle(body, 'ws');
      if (out.kind === 'reply') ws.send(JSON.stringify(out.reply));
      else if (out.kind === 'fail500')
        ws.send(JSON.stringify({ cmd: typeof cmd === 'string' ? cmd : '', ok: 0, error: 'Internal server error' }));
    });
  });
  return wss;
}
