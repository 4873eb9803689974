// Suggested whispers in the terminal demo end to end: `suggest <chat>` prints the reason and puts
// `whisper <chat> <draft>` on the prompt for editing (readline's rl.write) without sending anything; Enter on the
// (edited) line sends exactly one whisper through the normal command path.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { startDemo, type Demo } from '../src/demo';
import { sleep } from './flow-helpers';
import { REDIS_URL, waitFor } from './harness';

describe('suggested whispers in the terminal', () => {
  let demo: Demo;
  let shown = '';
  const prefilled: string[] = [];
  beforeAll(async () => {
    const out = new PassThrough();
    out.on('data', (d: Buffer) => (shown += d.toString('utf8')));
    const dir = mkdtempSync(join(tmpdir(), 'convrs-demo-'));
    demo = await startDemo({
      as: 'sam.boss@acme.test',
      chats: 1,
      rate: 0.2,
      color: false,
      out,
      dataDir: join(dir, 'data'),
      exportDir: join(dir, 'exports'),
      redisUrl: REDIS_URL,
      queuePrefix: `{demo-t${randomBytes(4).toString('hex')}}`,
      prefill: (line) => prefilled.push(line),
    });
  }, 30_000);
  afterAll(async () => demo?.stop());

  const whispers = () => demo.sim.commandLog.filter((c) => c.cmd === 'SendWhisper');

  it('suggest pre-fills the prompt with the draft; Enter on the edited line whispers once', async () => {
    const conv = demo.sim.control.startChat({
      businessUnit: 'Sales',
      agentEmail: 'ann.lee@acme.test',
      opener: 'Hi, I want to cancel my subscription',
    });
    demo.sim.control.say(conv.conversationId, 'agent', "Let me check that and I'll get back to you in 1 minute.");
    await demo.sim.flush();
    const chat = await waitFor('chat stored with its lines', async () => {
      const c = await demo.app.store.chats.byConversationId(conv.conversationId);
      return c && c.agentEmail && (await demo.app.store.messages.recent(c.id, 10)).length >= 2 ? c : undefined;
    });
    const before = whispers().length;

    await demo.handle(`suggest ${chat.ref}`);
    const line = await waitFor('the prompt pre-filled', () => prefilled.at(-1));
    expect(line).toMatch(new RegExp(`^whisper ${chat.ref} Ann, `));
    expect(line).toContain('the cancellation');
    expect(shown).toContain(`💡 Suggested whisper for ${chat.ref}`);
    expect(shown).toContain('Nothing is sent until you send it.');
    expect(shown).toContain(line);
    await sleep(500);
    expect(whispers().length).toBe(before);

    // The supervisor edits the end of the line and presses Enter: the normal command path.
    await demo.handle(`${line} Thanks!`);
    await waitFor('whisper sent', () => whispers().length > before);
    await sleep(800);
    const sent = whispers().slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0].params).toEqual({
      conversationId: conv.conversationId,
      text: `${line.slice(`whisper ${chat.ref} `.length)} Thanks!`,
      by: 'sam.boss@acme.test',
    });
    expect(shown).toContain(`Whispered to Ann Lee on ${chat.ref}.`);
  }, 60_000);
});
