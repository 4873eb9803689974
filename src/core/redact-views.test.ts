import { createRedactor } from './redact';
import { redactAlert, redactCard, redactFile, redactLine, redactReply } from './redact-views';
import type { ChatCardView, OrphanAlertView } from './views';

const r = createRedactor({ kinds: ['card', 'iban', 'email', 'phone'] });
const at = new Date('2026-12-07T09:00:00Z');

describe('redact-views: customer text masked, identifiers and staff kept', () => {
  it('a card view: the customer name and CSAT reason masked, the agent and ids whole', () => {
    const card = {
      ref: 'C-1001',
      conversationId: 'c-4242424242424242',
      customerName: '+31 6 12345678',
      customerCountry: 'NL',
      channel: 'whatsapp',
      businessUnit: 'Sales',
      agent: { name: 'Ann Lee', email: 'ann.lee@acme.test', status: 'Busy' },
      startedAt: at,
      lastActivityAt: at,
      inactive: false,
      sentiment: null,
      csat: { score: 2, reason: 'customer gave jo@example.com twice', source: 'lexicon' },
      thumbs: null,
      state: 'open',
      actions: ['transfer'],
    } as ChatCardView;
    const out = redactCard(r, card);
    expect(out).toMatchObject({
      ref: 'C-1001',
      conversationId: 'c-4242424242424242',
      customerName: '[phone]',
      agent: { email: 'ann.lee@acme.test' },
      csat: { reason: 'customer gave [email] twice' },
    });
  });

  it('a line: text, customer label and attachment names masked; a whisper label and links kept', () => {
    const line = {
      role: 'whisper' as const,
      label: 'Whisper from sam.boss@acme.test',
      text: 'ask for 4242 4242 4242 4242?',
      attachments: [{ name: 'x.pdf', url: 'https://f/jo@example.com' }],
      at,
      isWhisper: true,
      isNote: false,
    };
    expect(redactLine(r, line)).toMatchObject({
      label: 'Whisper from sam.boss@acme.test',
      text: 'ask for [card …4242]?',
      attachments: [{ url: 'https://f/jo@example.com' }],
    });
    expect(redactLine(r, { ...line, role: 'customer', label: 'Customer jo@example.com' }).label).toBe(
      'Customer [email]',
    );
  });

  it('an orphan alert keeps its commands; list cells that are staff e-mails stay', () => {
    const alert: OrphanAlertView = {
      kind: 'orphaned',
      agent: { name: 'Bob', email: 'bob@acme.test', status: 'Offline', selfStatus: null },
      businessUnit: 'Sales',
      text: 'Bob went Offline',
      chats: [{ ref: 'C-1', customerName: 'jo@example.com', lastActivityAt: at, flags: [] }],
      moves: [{ label: 'All', command: 'transfer-all bob@acme.test to bu:Sales' }],
      claimedBy: null,
      claimCommand: 'claim agent:bob@acme.test bu:"Sales"',
    };
    const out = redactAlert(r, alert) as OrphanAlertView;
    expect(out.chats[0]!.customerName).toBe('[email]');
    expect(out.moves).toEqual(alert.moves);
    expect(out.claimCommand).toBe(alert.claimCommand);
    const list = redactReply(r, {
      type: 'list',
      page: {
        title: 't',
        columns: [],
        rows: [{ cells: ['Ann Lee', 'ann.lee@acme.test', 'call +31 6 12345678'] }],
        page: 1,
        pageCount: 1,
        total: 1,
        command: 'agents',
        emptyText: '',
      },
    });
    expect(list.type === 'list' && list.page.rows[0]!.cells).toEqual(['Ann Lee', 'ann.lee@acme.test', 'call [phone]']);
  });

  it('a CSV keeps whole-cell staff e-mails and masks the rest', () => {
    const csv =
      '\uFEFFref,agent_email,csat_reason\r\nC-1,ann.lee@acme.test,"paid with 4242-4242-4242-4242, mail jo@example.com"\r\n';
    expect(redactFile(r, { name: 'x.csv', mime: 'text/csv', content: csv, summary: '' }).content).toBe(
      '\uFEFFref,agent_email,csat_reason\r\nC-1,ann.lee@acme.test,"paid with [card …4242], mail [email]"\r\n',
    );
  });

  it("a list reply's chart: title, alt text and series names masked, the figures whole", () => {
    const page = { title: 't', columns: [], rows: [], page: 1, pageCount: 1, total: 0, command: '', emptyText: '' };
    const point = { at, series: 'VIP jo@example.com', sentiment: 0.25, chats: 3 };
    const out = redactReply(r, {
      type: 'list',
      page,
      chart: { kind: 'timeseries', title: 'For jo@example.com', alt: 'call +31 6 12345678', points: [point] },
    });
    expect(out.type === 'list' && out.chart).toEqual({
      kind: 'timeseries',
      title: 'For [email]',
      alt: 'call [phone]',
      points: [{ ...point, series: 'VIP [email]' }],
    });
    const curve = redactReply(r, {
      type: 'list',
      page,
      chart: {
        kind: 'reliability',
        title: 't',
        alt: 'a',
        points: [{ predicted: 4, shareUp: 0.5, count: 2, series: 'jo@example.com' }],
      },
    });
    expect(curve.type === 'list' && curve.chart?.points[0]).toEqual({
      predicted: 4,
      shareUp: 0.5,
      count: 2,
      series: '[email]',
    });
  });

  it('a whisper draft: its text and reason masked, the ref kept', () => {
    const out = redactReply(r, {
      type: 'whisper-draft',
      draft: {
        ref: 'C-1001',
        text: 'Ann, confirm the refund to jo@example.com',
        situation: 'general',
        source: 'gpt-test',
        reason: 'Customer +31 6 12345678 is upset.',
      },
    });
    expect(out).toEqual({
      type: 'whisper-draft',
      draft: {
        ref: 'C-1001',
        text: 'Ann, confirm the refund to [email]',
        situation: 'general',
        source: 'gpt-test',
        reason: 'Customer [phone] is upset.',
      },
    });
  });
});
