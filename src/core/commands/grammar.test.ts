// The shared command grammar: every command, every filter, refs, quoting, and errors that show the right form.
import { AppError } from '../errors';
import { normalizeBuName, normalizeChatRef, parseCommand } from './grammar';
import { COMMANDS } from './usage';

/** The user message of the bad_input error `text` raises. */
function errorOf(text: string): string {
  try {
    parseCommand(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe('bad_input');
    return (e as AppError).userMessage;
  }
  throw new Error(`expected "${text}" to be refused`);
}

describe('help and unknown words', () => {
  it.each([
    ['', { name: 'help' }],
    ['   ', { name: 'help' }],
    ['help', { name: 'help' }],
    ['HELP Transfer', { name: 'help', topic: 'transfer' }],
  ])('%j', (text, cmd) => expect(parseCommand(text)).toEqual(cmd));

  it('returns unknown with the word typed', () => {
    expect(parseCommand('frobnicate C-1')).toEqual({ name: 'unknown', word: 'frobnicate' });
  });
});

describe('chat commands', () => {
  it.each([
    ['supervise C-1042', { name: 'supervise', chat: 'C-1042' }],
    ['  Supervise c-1042  ', { name: 'supervise', chat: 'c-1042' }],
    ['supervise 1042', { name: 'supervise', chat: '1042' }],
    ['supervise cv_123', { name: 'supervise', chat: 'cv_123' }],
    ['unsupervise C-1042', { name: 'unsupervise', chat: 'C-1042' }],
    ['STOP C-1042', { name: 'unsupervise', chat: 'C-1042' }],
    ['score C-7', { name: 'score', chat: 'C-7' }],
    ['finish C-1042', { name: 'finish', chat: 'C-1042', confirmed: false }],
    ['finish C-1042 CONFIRM', { name: 'finish', chat: 'C-1042', confirmed: true }],
  ])('%j', (text, cmd) => expect(parseCommand(text)).toEqual(cmd));

  it('refuses a missing chat, a filter in its place and extra words', () => {
    expect(errorOf('supervise')).toBe(
      '`supervise` needs a chat: a chat ref such as C-1042 or a Convrs conversation id. Usage: supervise <chat>, e.g. supervise C-1042.',
    );
    expect(errorOf('score bu:Sales')).toContain('`score` needs a chat before `bu:Sales`');
    expect(errorOf('finish confirm')).toContain('Usage: finish <chat> [confirm]');
    expect(errorOf('supervise C-1 C-2')).toContain("I don't understand `C-2`");
    expect(errorOf('finish C-1 now')).toContain('Usage: finish <chat> [confirm], e.g. finish C-1042.');
  });
});

describe('whisper', () => {
  it('keeps the rest of the text verbatim', () => {
    expect(parseCommand('whisper C-1042 please offer the refund')).toEqual({
      name: 'whisper',
      chat: 'C-1042',
      text: 'please offer the refund',
    });
    expect(parseCommand('whisper cv_9   say "sorry"  twice, don\'t  ')).toEqual({
      name: 'whisper',
      chat: 'cv_9',
      text: 'say "sorry"  twice, don\'t',
    });
    expect(parseCommand('whisper C-1 line one\nline two bu:x')).toMatchObject({ text: 'line one\nline two bu:x' });
    expect(parseCommand('whisper C-1 he said "hi')).toMatchObject({ text: 'he said "hi' });
  });

  it('needs a chat and a message', () => {
    expect(errorOf('whisper')).toContain('`whisper` needs a chat');
    expect(errorOf('whisper C-1042   ')).toBe(
      '`whisper` needs a message after the chat. Usage: whisper <chat> <text>, e.g. whisper C-1042 please offer the refund.',
    );
  });
});

describe('watch and unwatch', () => {
  it.each([
    ['watch bu:Sales', 'Sales'],
    ['WATCH BU:"Customer Support"', 'Customer Support'],
    ['watch bu:“Customer Support”', 'Customer Support'],
    ['watch bu:customer-support', 'customer-support'],
    ['watch bu:customer_support', 'customer_support'],
  ])('%j', (text, businessUnit) => expect(parseCommand(text)).toEqual({ name: 'watch', businessUnit }));

  it('unwatch', () => expect(parseCommand('unwatch bu:Sales')).toEqual({ name: 'unwatch', businessUnit: 'Sales' }));

  it('shows the bu: form when it is missing or broken', () => {
    expect(errorOf('watch')).toBe(
      '`watch` needs a business unit. Usage: watch bu:<name>, e.g. watch bu:"Customer Support".',
    );
    expect(errorOf('watch Customer Support')).toContain('Did you mean `watch bu:"Customer Support"`?');
    expect(errorOf('unwatch bu:')).toContain('Usage: unwatch bu:<name>');
    expect(errorOf('watch bu:Customer Support')).toContain('put quotes around names with spaces');
    expect(errorOf('watch bu:"Customer Support')).toContain('missing its closing quote');
  });
});

describe('transfer', () => {
  it.each([
    ['transfer C-1042 to ann.lee@acme.test', { kind: 'agent', value: 'ann.lee@acme.test' }],
    ['transfer C-1042 TO Ann Lee', { kind: 'agent', value: 'Ann Lee' }],
    ['transfer C-1042 to "Ann Lee"', { kind: 'agent', value: 'Ann Lee' }],
    ['transfer C-1042 to agent:"Ann Lee"', { kind: 'agent', value: 'Ann Lee' }],
    ['transfer C-1042 to bu:Sales', { kind: 'bu', value: 'Sales' }],
    ['transfer C-1042 to bu:"Tech Support"', { kind: 'bu', value: 'Tech Support' }],
    ['transfer C-1042 to:bu:Sales', { kind: 'bu', value: 'Sales' }],
    ['transfer C-1042 to:ann@acme.test', { kind: 'agent', value: 'ann@acme.test' }],
  ])('%j', (text, to) => expect(parseCommand(text)).toEqual({ name: 'transfer', chat: 'C-1042', to }));

  it('without a target asks for the choices (the card button)', () => {
    expect(parseCommand('transfer C-1042')).toEqual({ name: 'transfer', chat: 'C-1042' });
  });

  it('explains a missing `to` or target', () => {
    const usage =
      'Usage: transfer <chat> to <agent email | agent name | bu:<name>>, e.g. transfer C-1042 to ann.lee@acme.test.';
    expect(errorOf('transfer C-1042 Ann Lee')).toBe(
      `Write \`to\` before the new agent or business unit. Did you mean \`transfer C-1042 to Ann Lee\`? ${usage}`,
    );
    expect(errorOf('transfer C-1042 to')).toBe(
      `\`transfer\` needs someone after \`to\`: an agent email, an agent name or bu:<name>. ${usage}`,
    );
    expect(errorOf('transfer to Ann')).toContain('`transfer` needs a chat before `to`');
    expect(errorOf('transfer C-1 to bu:Tech Support')).toContain('to bu:"Tech Support"');
    expect(errorOf('transfer C-1 to bu:')).toContain('`bu:` needs a name');
  });
});

describe('open', () => {
  it('defaults and every filter', () => {
    expect(parseCommand('open')).toEqual({ name: 'open', filter: {}, page: 1 });
    expect(parseCommand('Open BU:Sales agent:"Ann Lee" INACTIVE sort:last-active page:3')).toEqual({
      name: 'open',
      filter: { businessUnit: 'Sales', agent: 'Ann Lee', inactive: true, sort: 'last-active' },
      page: 3,
    });
    expect(parseCommand('open sort:started')).toMatchObject({ filter: { sort: 'started' } });
    expect(parseCommand('open sort:last_active')).toMatchObject({ filter: { sort: 'last-active' } });
  });

  it('refuses filters of other commands and bad values', () => {
    expect(errorOf('open status:closed')).toMatch(/^`open` has no `status:` filter\. Usage: open \[bu:<name>\]/);
    expect(errorOf('open sort:name')).toBe(
      '`sort:name` is not a valid sort order. Use sort:last-active or sort:started.',
    );
    expect(errorOf('open export')).toContain("I don't understand `export` in `open`");
  });
});

describe('chats', () => {
  it('parses every filter', () => {
    expect(
      parseCommand(
        'chats from:2026-11-01 to:2026-11-24 agent:ann@acme.test bu:"Customer Support" status:Closed sentiment:negative csat:<3 thumbs:down export page:2',
      ),
    ).toEqual({
      name: 'chats',
      filter: {
        from: new Date('2026-11-01T00:00:00.000Z'),
        to: new Date('2026-11-24T23:59:59.999Z'),
        agent: 'ann@acme.test',
        businessUnit: 'Customer Support',
        status: 'closed',
        sentiment: 'negative',
        csat: { op: '<', value: 3 },
        thumbs: 'down',
      },
      export: true,
      page: 2,
    });
    expect(parseCommand('chats')).toEqual({ name: 'chats', filter: {}, export: false, page: 1 });
  });

  it.each([
    ['csat:<3', { op: '<', value: 3 }],
    ['csat:<=2', { op: '<=', value: 2 }],
    ['csat:>=4', { op: '>=', value: 4 }],
    ['csat:>1', { op: '>', value: 1 }],
    ['csat:=5', { op: '=', value: 5 }],
    ['csat:5', { op: '=', value: 5 }],
    ['csat:&lt;3', { op: '<', value: 3 }],
    ['csat:&gt;=4', { op: '>=', value: 4 }],
    ['csat:≥4', { op: '>=', value: 4 }],
  ])('%s', (word, csat) => expect(parseCommand(`chats ${word}`)).toMatchObject({ filter: { csat } }));

  it.each(['csat:great', 'csat:6', 'csat:0', 'csat:<<3', 'csat:3.5', 'csat:>=', 'csat:=>4'])(
    'refuses %s with the CSAT form',
    (word) => {
      expect(errorOf(`chats ${word}`)).toBe(
        `\`${word}\` is not a valid CSAT filter. Use csat:<op><1-5>, e.g. csat:<3 or csat:>=4.`,
      );
    },
  );

  it('accepts one day as from and to (to is the end of that day)', () => {
    const c = parseCommand('chats from:2026-11-24 to:2026-11-24');
    expect(c).toMatchObject({
      filter: { from: new Date('2026-11-24T00:00:00Z'), to: new Date('2026-11-24T23:59:59.999Z') },
    });
  });

  it('explains bad dates', () => {
    expect(errorOf('chats from:yesterday')).toBe(
      '`from:yesterday` is not a valid start date. Use from:YYYY-MM-DD, e.g. from:2026-11-01.',
    );
    expect(errorOf('chats to:2026-2-3')).toBe(
      '`to:2026-2-3` is not a valid end date. Use to:YYYY-MM-DD, e.g. to:2026-11-24.',
    );
    expect(errorOf('chats from:2026-02-30')).toBe(
      '`from:2026-02-30` is not a real date. Use from:YYYY-MM-DD, e.g. from:2026-11-01.',
    );
    expect(errorOf('chats to:2026-13-01')).toContain('is not a real date');
    expect(errorOf('chats from:2026-11-24 to:2026-11-01')).toBe(
      '`from:2026-11-24` is after `to:2026-11-01`; the start date must be on or before the end date, e.g. from:2026-11-01 to:2026-11-24.',
    );
  });

  it('explains other bad values with the right form', () => {
    expect(errorOf('chats status:pending')).toBe(
      '`status:pending` is not a valid status filter. Use status:open or status:closed.',
    );
    expect(errorOf('chats sentiment:angry')).toBe(
      '`sentiment:angry` is not a valid sentiment filter. Use sentiment:positive, sentiment:neutral or sentiment:negative.',
    );
    expect(errorOf('chats thumbs:sideways')).toBe(
      '`thumbs:sideways` is not a valid thumbs filter. Use thumbs:up or thumbs:down.',
    );
    expect(errorOf('chats page:0')).toBe('`page:0` is not a valid page number. Use page:<number>, e.g. page:2.');
    expect(errorOf('chats page:two')).toContain('Use page:<number>');
    expect(errorOf('chats agent:')).toBe(
      '`agent:` needs a value. Use agent:<email|name>, e.g. agent:ann.lee@acme.test or agent:"Ann Lee".',
    );
    expect(errorOf('chats bu:"Sales')).toContain('is missing its closing quote. Use bu:<name>');
  });

  it('refuses unknown and duplicate filters with the usage line', () => {
    const usage = `Usage: ${COMMANDS.chats.usage}, e.g. ${COMMANDS.chats.example}.`;
    expect(errorOf('chats colour:red')).toBe(`Unknown filter \`colour:red\` for \`chats\`. ${usage}`);
    expect(errorOf('chats bu:Sales BU:Tech')).toBe(
      `\`bu:\` is given twice (\`bu:Sales\` and \`BU:Tech\`); use each filter once. ${usage}`,
    );
    expect(errorOf('chats closed')).toBe(
      `I don't understand \`closed\` in \`chats\`. Did you mean \`status:closed\`? ${usage}`,
    );
    expect(errorOf('chats 2026-11-01')).toContain('Did you mean `from:2026-11-01`?');
    expect(errorOf('chats inactive')).toContain("I don't understand `inactive`");
  });

  it('tolerates a repeated flag', () => {
    expect(parseCommand('chats export EXPORT')).toMatchObject({ export: true });
  });
});

describe('agents and report', () => {
  it('agents', () => {
    expect(parseCommand('agents')).toEqual({ name: 'agents', filter: {}, page: 1 });
    expect(parseCommand('agents bu:Sales status:Busy page:2')).toEqual({
      name: 'agents',
      filter: { businessUnit: 'Sales', status: 'busy' },
      page: 2,
    });
    expect(errorOf('agents status:away')).toBe(
      '`status:away` is not a valid status filter. Use status:online, status:busy, status:offline or status:disabled.',
    );
    expect(errorOf('agents online')).toContain('Did you mean `status:online`?');
  });

  it('report', () => {
    expect(parseCommand('report')).toEqual({ name: 'report', filter: {}, export: false });
    expect(parseCommand('report from:2026-11-01 to:2026-11-30 bu:Sales export')).toEqual({
      name: 'report',
      filter: {
        from: new Date('2026-11-01T00:00:00Z'),
        to: new Date('2026-11-30T23:59:59.999Z'),
        businessUnit: 'Sales',
      },
      export: true,
    });
    expect(errorOf('report page:2')).toContain('`report` has no `page:` filter. Usage: report');
    expect(errorOf('report csat:<3')).toContain('`report` has no `csat:` filter');
  });

  it('calibration', () => {
    expect(parseCommand('calibration')).toEqual({ name: 'calibration', filter: {} });
    expect(parseCommand('calibration bu:"Tech Support" from:2026-11-01 to:2026-11-30')).toEqual({
      name: 'calibration',
      filter: {
        from: new Date('2026-11-01T00:00:00Z'),
        to: new Date('2026-11-30T23:59:59.999Z'),
        businessUnit: 'Tech Support',
      },
    });
    expect(errorOf('calibration export')).toContain('Usage: calibration');
    expect(errorOf('calibration thumbs:up')).toContain('`calibration` has no `thumbs:` filter');
  });
});

describe('normalizers', () => {
  it.each([
    ['C-1042', 'C-1042'],
    ['c-1042', 'C-1042'],
    ['1042', 'C-1042'],
    ['c1042', 'C-1042'],
    [' C-01042 ', 'C-1042'],
    ['cv_123', 'cv_123'],
    ['conv-abc', 'conv-abc'],
  ])('normalizeChatRef(%j) = %j', (input, out) => expect(normalizeChatRef(input)).toBe(out));

  it('normalizeBuName treats -, _ and case alike', () => {
    for (const s of [
      'Customer Support',
      'customer-support',
      'CUSTOMER_SUPPORT',
      ' customer  support ',
      'customer--support',
    ])
      expect(normalizeBuName(s)).toBe('customer support');
  });
});

describe('awareness commands (coverage, transfer-all, summary, home, claim agent:)', () => {
  it('coverage', () => {
    expect(parseCommand('coverage')).toEqual({ name: 'coverage', page: 1 });
    expect(parseCommand('coverage bu:"Customer Support" page:2')).toEqual({
      name: 'coverage',
      businessUnit: 'Customer Support',
      page: 2,
    });
    expect(errorOf('coverage Sales')).toContain("I don't understand `Sales` in `coverage`.");
    expect(errorOf('coverage agent:ann')).toContain('`coverage` has no `agent:` filter');
  });

  it('transfer-all', () => {
    expect(parseCommand('transfer-all bob.marsh@acme.test to bu:Sales')).toEqual({
      name: 'transfer-all',
      agent: 'bob.marsh@acme.test',
      to: { kind: 'bu', value: 'Sales' },
    });
    expect(parseCommand('transfer-all Bob Marsh to Carla Diaz')).toEqual({
      name: 'transfer-all',
      agent: 'Bob Marsh',
      to: { kind: 'agent', value: 'Carla Diaz' },
    });
    expect(parseCommand('transfer-all agent:"Bob Marsh" bu:Sales to:carla.diaz@acme.test')).toEqual({
      name: 'transfer-all',
      agent: 'Bob Marsh',
      fromUnit: 'Sales',
      to: { kind: 'agent', value: 'carla.diaz@acme.test' },
    });
    expect(parseCommand('TRANSFER-ALL bob to bu:"Tech Support"')).toMatchObject({
      to: { kind: 'bu', value: 'Tech Support' },
    });
    expect(errorOf('transfer-all')).toContain('needs the agent whose chats move');
    expect(errorOf('transfer-all to bu:Sales')).toContain('needs the agent whose chats move');
    expect(errorOf('transfer-all bob bu:Sales')).toContain('Did you mean `transfer-all bob bu:Sales to bu:<name>`?');
    expect(errorOf('transfer-all bob to')).toContain('needs someone after `to`');
    expect(errorOf('transfer-all bob to bu:Tech Support')).toContain('Put quotes around names with spaces');
    expect(errorOf('transfer-all bob bu:Sales bu:Tech to bu:Sales')).toContain('at most one bu:');
  });

  it('summary and home', () => {
    expect(parseCommand('summary C-1042')).toEqual({ name: 'summary', chat: 'C-1042' });
    expect(errorOf('summary')).toContain('`summary` needs a chat');
    expect(errorOf('summary C-1 C-2')).toContain('takes just one chat');
    expect(parseCommand('home')).toEqual({ name: 'home' });
    expect(errorOf('home now')).toContain('`home` takes nothing after it.');
  });

  it('claim agent:', () => {
    expect(parseCommand('claim agent:bob.marsh@acme.test')).toEqual({ name: 'claim', agent: 'bob.marsh@acme.test' });
    expect(parseCommand('claim agent:"Bob Marsh" bu:Sales')).toEqual({
      name: 'claim',
      agent: 'Bob Marsh',
      businessUnit: 'Sales',
    });
    expect(errorOf('claim agent:bob C-1042')).toContain('name the agent and optionally the unit');
    expect(parseCommand('claim C-1042 inactive')).toEqual({ name: 'claim', chat: 'C-1042', kind: 'inactive' });
  });
});
