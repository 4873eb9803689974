// CSV export: header, quoting, formula-injection guard, and numbers that stay numbers.
import type { Chat } from '../model';
import { CHAT_COLUMNS, chatsToCsv, protectCell, rowsToCsv, UTF8_BOM } from './csv';

/** Minimal RFC 4180 reader, enough to check what a spreadsheet would see (it skips the BOM, as Excel does). */
function parse(csv: string): string[][] {
  expect(csv.startsWith(UTF8_BOM)).toBe(true);
  csv = csv.slice(1);
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i];
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  return rows;
}

const chat = (over: Partial<Chat> = {}): Chat => ({
  id: 42,
  ref: 'C-1042',
  conversationId: 'cv_42',
  uid: 'u1',
  channel: 'WhatsApp',
  customerName: 'Jane Doe',
  customerCountry: 'DE',
  businessUnit: 'Sales',
  agentEmail: 'ann.lee@acme.test',
  agentName: 'Ann Lee',
  status: 'closed',
  state: 'finished',
  startedAt: new Date('2026-11-24T09:14:03Z'),
  lastActivityAt: new Date('2026-11-24T09:40:00Z'),
  closedAt: new Date('2026-11-24T09:41:00.500Z'),
  thumbs: 'down',
  inactive: false,
  sentimentScore: -0.42,
  sentimentLabel: 'negative',
  sentimentSource: 'lexicon',
  sentimentAt: new Date('2026-11-24T09:40:10Z'),
  csat: 2,
  csatReason: 'Waited 20 minutes, no refund',
  csatSource: 'model',
  csatAt: new Date('2026-11-24T09:41:01Z'),
  ...over,
});

describe('chatsToCsv', () => {
  it('writes the header and one row per chat, dates in ISO UTC', () => {
    const rows = parse(
      chatsToCsv([
        chat(),
        chat({ ref: 'C-1043', closedAt: null, thumbs: null, sentimentScore: null, csat: null, agentEmail: null }),
      ]),
    );
    expect(rows[0]).toEqual([...CHAT_COLUMNS]);
    expect(rows[0].join(',')).toBe(
      'ref,conversation_id,status,state,business_unit,agent_email,agent_name,customer,country,channel,started_at,last_activity_at,closed_at,' +
        'thumbs,sentiment_score,sentiment_label,sentiment_source,sentiment_at,csat,csat_reason,csat_source,csat_at',
    );
    expect(rows).toHaveLength(3);
    expect(rows[1]).toEqual([
      'C-1042',
      'cv_42',
      'closed',
      'finished',
      'Sales',
      'ann.lee@acme.test',
      'Ann Lee',
      'Jane Doe',
      'DE',
      'WhatsApp',
      '2026-11-24T09:14:03.000Z',
      '2026-11-24T09:40:00.000Z',
      '2026-11-24T09:41:00.500Z',
      'down',
      '-0.42',
      'negative',
      'lexicon',
      '2026-11-24T09:40:10.000Z',
      '2',
      'Waited 20 minutes, no refund',
      'model',
      '2026-11-24T09:41:01.000Z',
    ]);
    expect(rows[2][12]).toBe('');
    expect(rows[2][5]).toBe('');
    expect(rows[2][14]).toBe('');
  });

  it('quotes commas, quotes and newlines so they round-trip', () => {
    const csv = chatsToCsv([chat({ customerName: 'Doe, "JD"', csatReason: 'line one\nline two\r\nthree' })]);
    expect(csv).toContain('"Doe, ""JD"""');
    const [, row] = parse(csv);
    expect(row[7]).toBe('Doe, "JD"');
    expect(row[19]).toBe('line one\nline two\r\nthree');
  });

  it('starts with a UTF-8 BOM so Excel keeps accents (Zoë Müller), and the bytes are UTF-8', () => {
    const bytes = Buffer.from(chatsToCsv([chat({ customerName: 'Zoë Müller' })]), 'utf8');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes(Buffer.from('Zo\u00c3\u00ab', 'latin1'))).toBe(true); // ë as UTF-8 (C3 AB)
    expect(parse(bytes.toString('utf8'))[1][7]).toBe('Zoë Müller');
    // Exactly one BOM, not one per row.
    expect(bytes.toString('utf8').split(UTF8_BOM)).toHaveLength(2);
    expect(rowsToCsv(['a'], [['b']]).startsWith(UTF8_BOM)).toBe(true);
  });

  it('keeps negative numbers numeric (no quote, no apostrophe)', () => {
    expect(chatsToCsv([chat({ sentimentScore: -0.42 })])).toContain(',-0.42,');
  });

  it('guards text cells against formula injection', () => {
    const evil = chat({
      customerName: '=HYPERLINK("http://evil.test","click")',
      csatReason: '@SUM(A1:A9)',
      channel: '+1 555 0100',
      agentName: '-2+3',
    });
    const [, row] = parse(chatsToCsv([evil]));
    expect(row[7]).toBe(`'=HYPERLINK("http://evil.test","click")`);
    expect(row[19]).toBe(`'@SUM(A1:A9)`);
    expect(row[9]).toBe(`'+1 555 0100`);
    expect(row[6]).toBe(`'-2+3`);
  });
});

describe('protectCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\rx', "'\rx"],
    ['  =1+1', "'  =1+1"],
    ['-', "'-"],
    ['-0.42', '-0.42'],
    ['-12', '-12'],
    ['Jane', 'Jane'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (input, out) => expect(protectCell(input)).toBe(out));

  it('leaves numbers and turns null into an empty cell', () => {
    expect(protectCell(-0.42)).toBe(-0.42);
    expect(protectCell(null)).toBe('');
  });
});

describe('rowsToCsv', () => {
  it('writes columns then rows with the same protection', () => {
    const csv = rowsToCsv(
      ['agent', 'avg sentiment', 'chats'],
      [
        ['=cmd|calc', -0.3, 4],
        ['Ann Lee', null, 0],
      ],
    );
    expect(parse(csv)).toEqual([
      ['agent', 'avg sentiment', 'chats'],
      ["'=cmd|calc", '-0.3', '4'],
      ['Ann Lee', '', '0'],
    ]);
  });
});
