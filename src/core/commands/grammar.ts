// The one command grammar every surface parses with: text in, a typed Command out (SPEC §3.4, §4.1).
import { AppError } from '../errors';
import type { ChatStatus } from '../model';
import type { AgentStatusFilter, Command, CommandName, TransferTarget } from './command';
import { FILTER_KEYS, parseFilters, type FilterKey, type ParsedFilters } from './filters';
import { tokenize, type Token } from './tokens';
import { commandNamed, usageOf } from './usage';

export type {
  AgentsFilter,
  AgentStatusFilter,
  ChatsFilter,
  Command,
  CommandName,
  OpenFilter,
  ReportFilter,
  TransferTarget,
} from './command';

const bad = (msg: string) => new AppError('bad_input', msg);

/** "C-1042" for `C-1042`, `c-1042`, `c1042` and `1042`; anything else (a Convrs conversation id) unchanged. */
export function normalizeChatRef(s: string): string {
  const m = /^(?:c-?)?(\d+)$/i.exec(s.trim());
  return m ? `C-${m[1].replace(/^0+(?=\d)/, '')}` : s.trim();
}

/** Compare form of a BU name: `customer-support`, `Customer_Support` and `customer support` are one unit. */
export function normalizeBuName(s: string): string {
  return s.toLowerCase().replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
}

export function parseCommand(text: string): Command {
  const input = text.trim();
  const tokens = tokenize(input);
  if (tokens.length === 0) return { name: 'help' };
  const name = commandNamed(tokens[0].value);
  if (!name) return { name: 'unknown', word: tokens[0].raw };
  const args = tokens.slice(1);
  switch (name) {
    case 'help':
      return args[0] ? { name, topic: args[0].value.toLowerCase() } : { name };
    case 'supervise':
    case 'unsupervise':
    case 'score':
      return { name, chat: onlyChat(name, args) };
    case 'claim': {
      if (args.some((a) => a.key === 'agent')) return claimAgentCommand(args);
      const kind = args[1]?.value.toLowerCase();
      if (args.length > 2 || (kind !== undefined && kind !== 'negative' && kind !== 'inactive'))
        throw bad(`\`claim\` takes a chat and optionally negative or inactive. ${usageOf('claim')}`);
      return { name, chat: onlyChat(name, args.slice(0, 1)), ...(kind ? { kind } : {}) };
    }
    case 'finish': {
      const confirmed = args.length === 2 && args[1].value.toLowerCase() === 'confirm';
      return { name, chat: onlyChat(name, confirmed ? args.slice(0, 1) : args), confirmed };
    }
    case 'watch':
    case 'unwatch':
      return { name, businessUnit: buArg(name, args) };
    case 'whisper': {
      const chat = chatArg(name, args[0]);
      const body = input.slice(args[0].end).trim();
      if (!body) throw bad(`\`whisper\` needs a message after the chat. ${usageOf(name)}`);
      return { name, chat, text: body };
    }
    case 'transfer':
      return transferCommand(args);
    case 'transfer-all':
      return transferAllCommand(args);
    case 'summary':
    case 'suggest':
      return { name, chat: onlyChat(name, args) };
    case 'home':
      if (args.length) throw bad(`\`home\` takes nothing after it. ${usageOf('home')}`);
      return { name };
    case 'coverage': {
      const f = parseFilters(name, args, { keys: ['bu', 'page'], flags: [] });
      return { name, ...clean({ businessUnit: f.bu }), page: f.page };
    }
    case 'open': {
      const f = parseFilters(name, args, { keys: ['bu', 'agent', 'sort', 'page'], flags: ['inactive'] });
      return {
        name,
        filter: clean({
          businessUnit: f.bu,
          agent: f.agent,
          inactive: f.flags.has('inactive') || undefined,
          sort: f.sort,
        }),
        page: f.page,
      };
    }
    case 'chats': {
      const keys: FilterKey[] = ['from', 'to', 'agent', 'bu', 'status', 'sentiment', 'csat', 'thumbs', 'page'];
      const f = parseFilters(name, args, { keys, flags: ['export'], statuses: ['open', 'closed'] });
      const filter = clean({
        ...dates(f),
        agent: f.agent,
        businessUnit: f.bu,
        status: f.status as ChatStatus | undefined,
        sentiment: f.sentiment,
        csat: f.csat,
        thumbs: f.thumbs,
      });
      return { name, filter, export: f.flags.has('export'), page: f.page };
    }
    case 'agents': {
      const f = parseFilters(name, args, {
        keys: ['bu', 'status', 'page'],
        flags: [],
        statuses: ['online', 'busy', 'offline', 'disabled'],
      });
      return {
        name,
        filter: clean({ businessUnit: f.bu, status: f.status as AgentStatusFilter | undefined }),
        page: f.page,
      };
    }
    case 'report': {
      const f = parseFilters(name, args, { keys: ['from', 'to', 'bu'], flags: ['export'] });
      return { name, filter: clean({ ...dates(f), businessUnit: f.bu }), export: f.flags.has('export') };
    }
    case 'calibration': {
      const f = parseFilters(name, args, { keys: ['from', 'to', 'bu'], flags: [] });
      return { name, filter: clean({ ...dates(f), businessUnit: f.bu }) };
    }
  }
}

function dates(f: ParsedFilters): { from?: Date; to?: Date } {
  return { from: f.from, to: f.to };
}

/** Drops absent filters so a parsed command holds only what was typed. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function chatArg(command: CommandName, t: Token | undefined): string {
  const looksWrong =
    !t || (t.key !== undefined && FILTER_KEYS.has(t.key)) || ['to', 'confirm'].includes(t.value.toLowerCase());
  if (looksWrong || !t.value.trim()) {
    const what = t ? `needs a chat before \`${t.raw}\`` : 'needs a chat';
    throw bad(`\`${command}\` ${what}: a chat ref such as C-1042 or a Convrs conversation id. ${usageOf(command)}`);
  }
  return t.value.trim();
}

function onlyChat(command: CommandName, args: Token[]): string {
  const chat = chatArg(command, args[0]);
  if (args.length > 1)
    throw bad(
      `\`${command}\` takes just one chat; I don't understand \`${args
        .slice(1)
        .map((a) => a.raw)
        .join(' ')}\`. ${usageOf(command)}`,
    );
  return chat;
}

function buArg(command: 'watch' | 'unwatch', args: Token[]): string {
  const t = args[0];
  if (!t) throw bad(`\`${command}\` needs a business unit. ${usageOf(command)}`);
  if (t.key !== 'bu') {
    const guess = args.map((a) => a.value).join(' ');
    const quoted = /\s/.test(guess) ? `"${guess}"` : guess;
    throw bad(`Name the business unit with \`bu:\`. Did you mean \`${command} bu:${quoted}\`? ${usageOf(command)}`);
  }
  if (t.unclosed) throw bad(`\`${t.raw}\` is missing its closing quote. ${usageOf(command)}`);
  if (!t.value.trim()) throw bad(`\`bu:\` needs a business unit name. ${usageOf(command)}`);
  if (args.length > 1)
    throw bad(`\`${command}\` takes one business unit; put quotes around names with spaces. ${usageOf(command)}`);
  return t.value.trim();
}

function transferCommand(args: Token[]): Command {
  const chat = chatArg('transfer', args[0]);
  const rest = args.slice(1);
  if (rest.length === 0) return { name: 'transfer', chat };
  return { name: 'transfer', chat, to: targetAfterTo('transfer', chat, rest) };
}

/**
 * `to <agent email | agent name | bu:<name>>` (also `to:<email>` typed without the space): the target of `transfer`
 * and `transfer-all`. `subject` is what is being moved, for the "did you mean" hint.
 */
function targetAfterTo(command: 'transfer' | 'transfer-all', subject: string, words: Token[]): TransferTarget {
  let rest = words;
  const head = rest[0];
  if (head.key === 'to' && head.value) {
    // `to:ann@acme.test` typed without the space: read what follows `to:` as the target.
    rest = [...tokenize(head.raw.slice(3)), ...rest.slice(1)];
  } else if (head.value.toLowerCase() === 'to' && !head.key) {
    rest = rest.slice(1);
  } else {
    const said = rest.map((a) => a.raw).join(' ');
    throw bad(
      `Write \`to\` before the new agent or business unit. Did you mean \`${command} ${subject} to ${said}\`? ${usageOf(command)}`,
    );
  }
  if (rest.length === 0)
    throw bad(
      `\`${command}\` needs someone after \`to\`: an agent email, an agent name or bu:<name>. ${usageOf(command)}`,
    );
  const first = rest[0];
  if (rest.some((a) => a.unclosed))
    throw bad(`\`${rest.map((a) => a.raw).join(' ')}\` is missing its closing quote. ${usageOf(command)}`);
  if (first.key === 'bu' || first.key === 'agent') {
    if (rest.length > 1)
      throw bad(
        `Put quotes around names with spaces, e.g. ${command} ${subject} to ${first.key}:"${rest.map((a) => a.value).join(' ')}". ${usageOf(command)}`,
      );
    if (!first.value.trim()) throw bad(`\`${first.key}:\` needs a name. ${usageOf(command)}`);
    return { kind: first.key === 'bu' ? 'bu' : 'agent', value: first.value.trim() };
  }
  if (rest.some((a) => a.key !== undefined && FILTER_KEYS.has(a.key))) {
    throw bad(`After \`to\` name one agent or one bu:<name>. ${usageOf(command)}`);
  }
  return {
    kind: 'agent',
    value: rest
      .map((a) => a.value)
      .join(' ')
      .trim(),
  };
}

/** `transfer-all <agent email | agent name> [bu:<unit>] to <target>`: the agent is every word before `to`. */
function transferAllCommand(args: Token[]): Command {
  const isTo = (a: Token) => (!a.key && a.value.toLowerCase() === 'to') || (a.key === 'to' && !!a.value);
  if (args[0] && isTo(args[0]))
    throw bad(
      `\`transfer-all\` needs the agent whose chats move (an email or a name) before \`to\`. ${usageOf('transfer-all')}`,
    );
  const at = args.findIndex((a, i) => i > 0 && isTo(a));
  const before = at < 0 ? args : args.slice(0, at);
  const unit = before.filter((a) => a.key === 'bu');
  const named = before.filter((a) => a.key !== 'bu');
  if (named.length === 0 || named.some((a) => a.key !== undefined && a.key !== 'agent')) {
    throw bad(
      `\`transfer-all\` needs the agent whose chats move (an email or a name) before \`to\`. ${usageOf('transfer-all')}`,
    );
  }
  if (unit.length > 1)
    throw bad(`\`transfer-all\` takes at most one bu:<name> (the unit whose chats move). ${usageOf('transfer-all')}`);
  if ([...before].some((a) => a.unclosed))
    throw bad(`\`${before.map((a) => a.raw).join(' ')}\` is missing its closing quote. ${usageOf('transfer-all')}`);
  const agent = named
    .map((a) => a.value)
    .join(' ')
    .trim();
  if (!agent) throw bad(`\`agent:\` needs a name. ${usageOf('transfer-all')}`);
  if (unit[0] && !unit[0].value.trim()) throw bad(`\`bu:\` needs a business unit name. ${usageOf('transfer-all')}`);
  const subject = before.map((a) => a.raw).join(' ');
  if (at < 0)
    throw bad(
      `\`transfer-all\` needs \`to\` and where the chats go. Did you mean \`transfer-all ${subject} to bu:<name>\`? ${usageOf('transfer-all')}`,
    );
  const to = targetAfterTo('transfer-all', subject, args.slice(at));
  return { name: 'transfer-all', agent, ...(unit[0] ? { fromUnit: unit[0].value.trim() } : {}), to };
}

/** `claim agent:<email|name> [bu:<unit>]`: the newest orphaned-chats alert of that agent. */
function claimAgentCommand(args: Token[]): Command {
  const agent = args.filter((a) => a.key === 'agent');
  const unit = args.filter((a) => a.key === 'bu');
  const other = args.filter((a) => a.key !== 'agent' && a.key !== 'bu');
  if (agent.length > 1 || unit.length > 1 || other.length) {
    throw bad(
      `To claim an orphaned-chats alert, name the agent and optionally the unit, e.g. claim agent:ann.lee@acme.test bu:Sales. ${usageOf('claim')}`,
    );
  }
  if (args.some((a) => a.unclosed))
    throw bad(`\`${args.map((a) => a.raw).join(' ')}\` is missing its closing quote. ${usageOf('claim')}`);
  if (!agent[0].value.trim()) throw bad(`\`agent:\` needs a name or an email. ${usageOf('claim')}`);
  return {
    name: 'claim',
    agent: agent[0].value.trim(),
    ...(unit[0]?.value.trim() ? { businessUnit: unit[0].value.trim() } : {}),
  };
}
