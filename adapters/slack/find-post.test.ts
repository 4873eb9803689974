// After a crash the drain asks Slack whether an unrecorded post landed. New non-Marketplace apps may read a thread
// 15 replies a page and one page a minute: the search starts after the last post we recorded, so a long thread costs
// one page, not all of them.
import { WebClient } from '@slack/web-api';
import pino from 'pino';
import { FakeSlack } from '../../test/fakes/slack-api';
import { webClientOptions } from './client';
import { SlackSurface } from './surface';
import type { ThreadTarget } from '../../src/core/ports';
import type { MessageLineView } from '../../src/core/views';

const line = (text: string): MessageLineView => ({
  role: 'customer',
  label: 'Customer Ann',
  text,
  attachments: [],
  at: new Date(),
  isWhisper: false,
  isNote: false,
});

describe('SlackSurface.findPost in a long thread', () => {
  let slack: FakeSlack;
  let surface: SlackSurface;
  beforeAll(async () => {
    slack = await new FakeSlack('xoxb-find').start();
    slack.repliesPageLimit = 15;
    const client = new WebClient(
      'xoxb-find',
      webClientOptions(
        { token: 'xoxb-find', signingSecret: 's', apiUrl: slack.apiUrl, retries: 0 },
        pino({ level: 'silent' }),
      ),
    );
    surface = new SlackSurface({ client, log: pino({ level: 'silent' }) });
  });
  afterAll(() => slack.stop());

  it("reads one page from the last recorded post on, and still finds a post of the thread's first page without it", async () => {
    const target: ThreadTarget = {
      threadId: 1,
      chatRef: 'C-1001',
      destination: 'CLONG',
      kind: 'team',
      rootPostId: null,
      ownerUserId: null,
    };
    const { rootPostId } = await surface.startThread(target, {
      ref: 'C-1001',
      conversationId: 'cv',
      customerName: 'Ann',
      customerCountry: null,
      channel: 'webchat',
      businessUnit: 'Sales',
      agent: null,
      startedAt: new Date(),
      lastActivityAt: new Date(),
      inactive: false,
      sentiment: null,
      csat: null,
      thumbs: null,
      state: 'open',
      actions: [],
    });
    const t = { ...target, rootPostId };
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(await surface.postLines(t, [line(`line ${i}`)], `k${i}`));
    const landed = await surface.postLines(t, [line('posted just before the crash')], 'unrecorded');

    const before = slack.callsOf('conversations.replies').length;
    expect(await surface.findPost({ ...t, lastPostId: ids.at(-1) }, 'unrecorded')).toBe(landed);
    expect(slack.callsOf('conversations.replies').length - before).toBe(1);

    // Without a recorded post (the thread's first post was the one cut off), it reads from the start.
    const first = slack.callsOf('conversations.replies').length;
    expect(await surface.findPost(t, 'k3')).toBe(ids[3]);
    expect(slack.callsOf('conversations.replies').length - first).toBe(1);
    expect(await surface.findPost({ ...t, lastPostId: ids.at(-1) }, 'never')).toBeNull();
  });
});
