// Usage line, example and description of every command: the single source for help and grammar errors.
import type { SurfaceName } from '../model';
import type { HelpView } from '../views';
import type { CommandName } from './command';

export interface CommandUsage {
  usage: string;
  example: string;
  description: string;
}

/** In the order help lists them. A `Record` so a new command cannot ship without its help. */
export const COMMANDS: Record<CommandName, CommandUsage> = {
  home: {
    usage: 'home',
    example: 'home',
    description: 'What needs you now: open chats nobody watches, riskiest first, and the chats you supervise.',
  },
  coverage: {
    usage: 'coverage [bu:<name>] [page:N]',
    example: 'coverage bu:Sales',
    description:
      'Open chats of your units that no thread mirrors (nobody supervises them, no wall shows them), riskiest first.',
  },
  supervise: {
    usage: 'supervise <chat>',
    example: 'supervise C-1042',
    description:
      'Mirrors a chat (ref like C-1042 or a Convrs conversation id) into your direct conversation with the bot.',
  },
  unsupervise: {
    usage: 'unsupervise <chat>',
    example: 'unsupervise C-1042',
    description: 'Stops mirroring a chat to you (short form: stop <chat>).',
  },
  watch: {
    usage: 'watch bu:<name>',
    example: 'watch bu:"Customer Support"',
    description: 'Mirrors every open and future chat of a business unit into this channel.',
  },
  unwatch: {
    usage: 'unwatch bu:<name>',
    example: 'unwatch bu:Sales',
    description: 'Stops mirroring a business unit into this channel.',
  },
  whisper: {
    usage: 'whisper <chat> <text>',
    example: 'whisper C-1042 please offer the refund',
    description: "Sends a message to the chat's agent that the customer never sees.",
  },
  suggest: {
    usage: 'suggest <chat>',
    example: 'suggest C-1042',
    description:
      'Drafts one coaching whisper for the chat (upset customer, long wait, repeated question, promise not kept) for you to edit; nothing is sent until you send it.',
  },
  transfer: {
    usage: 'transfer <chat> to <agent email | agent name | bu:<name>>',
    example: 'transfer C-1042 to ann.lee@acme.test',
    description: 'Moves a chat to another agent or business unit; `transfer <chat>` alone lists the choices.',
  },
  'transfer-all': {
    usage: 'transfer-all <agent> [bu:<name>] to <agent email | agent name | bu:<name>>',
    example: 'transfer-all bob.marsh@acme.test to bu:Sales',
    description:
      'Moves every open chat of an agent (only those of one unit with bu:) to another agent or a unit, e.g. when the agent went offline.',
  },
  summary: {
    usage: 'summary <chat>',
    example: 'summary C-1042',
    description: 'Two to five points about a chat, each with the time of the line it rests on.',
  },
  finish: {
    usage: 'finish <chat> [confirm]',
    example: 'finish C-1042',
    description: 'Ends a chat; asks you to confirm first.',
  },
  score: {
    usage: 'score <chat>',
    example: 'score C-1042',
    description: 'Predicts the CSAT (1–5) of a chat now, with a one-line reason.',
  },
  claim: {
    usage: 'claim <chat> [negative|inactive] | claim agent:<email|name> [bu:<name>]',
    example: 'claim C-1042',
    description:
      'Takes an alert ("I\'ve got it") so other supervisors see it is handled; `agent:` takes an agent\'s orphaned-chats alert.',
  },
  open: {
    usage: 'open [bu:<name>] [agent:<email|name>] [inactive] [sort:last-active|started] [page:N]',
    example: 'open bu:Sales inactive',
    description: 'Lists the open chats you may supervise.',
  },
  chats: {
    usage:
      'chats [from:YYYY-MM-DD] [to:YYYY-MM-DD] [agent:<email|name>] [bu:<name>] [status:open|closed] ' +
      '[sentiment:positive|neutral|negative] [csat:<op><1-5>] [thumbs:up|down] [export] [page:N]',
    example: 'chats from:2026-11-01 to:2026-11-24 csat:<3 export',
    description: 'Finds chats, closed ones included; `export` sends them as a CSV file.',
  },
  agents: {
    usage: 'agents [bu:<name>] [status:online|busy|offline|disabled] [page:N]',
    example: 'agents bu:Sales status:online',
    description: "Shows each agent's status, load and open chats.",
  },
  report: {
    usage: 'report [from:YYYY-MM-DD] [to:YYYY-MM-DD] [bu:<name>] [export]',
    example: 'report from:2026-11-01 bu:Sales',
    description: 'Per agent and business unit: chats handled, sentiment, CSAT, thumbs and first-response time.',
  },
  calibration: {
    usage: 'calibration [bu:<name>] [from:YYYY-MM-DD] [to:YYYY-MM-DD]',
    example: 'calibration bu:Sales from:2026-11-01',
    description:
      'Predicted CSAT against the thumbs of the chats that have both: error per unit and share of thumbs up per predicted score.',
  },
  help: {
    usage: 'help [command]',
    example: 'help transfer',
    description: 'Lists the commands, or explains one.',
  },
};

const ALIASES: Record<string, CommandName> = { stop: 'unsupervise' };

/** The command a word names, aliases included. */
export function commandNamed(word: string): CommandName | undefined {
  const w = word.toLowerCase();
  return Object.hasOwn(COMMANDS, w) ? (w as CommandName) : ALIASES[w];
}

/**
 * The command a mistyped word most likely meant: the only command it begins (`sup` → supervise), else the
 * nearest by edit distance (a swap of two letters counts once) when close enough to be a typo; else none.
 */
export function nearestCommand(word: string): CommandName | undefined {
  const w = word.toLowerCase();
  if (w.length < 2 || w.length > 30) return undefined;
  const words = [...Object.keys(COMMANDS), ...Object.keys(ALIASES)];
  const starts = words.filter((c) => c.startsWith(w));
  if (starts.length === 1) return commandNamed(starts[0]);
  // A command with more on the end ("suggestion" → suggest, "reports" → report): the longest one the word begins with.
  const within = words.filter((c) => c.length >= 5 && w.startsWith(c)).sort((a, b) => b.length - a.length);
  if (within.length) return commandNamed(within[0]!);
  // Another ending of the same word ("calibrate" → calibration): the only command its stem begins.
  for (const cut of [1, 2]) {
    const stem = w.slice(0, -cut);
    if (stem.length < 5) break;
    const same = words.filter((c) => c.startsWith(stem));
    if (same.length === 1) return commandNamed(same[0]);
  }
  const allowed = w.length <= 4 ? 1 : 2;
  let best: { word: string; distance: number } | undefined;
  for (const c of words) {
    const distance = editDistance(w, c);
    if (distance <= allowed && (!best || distance < best.distance)) best = { word: c, distance };
  }
  return best && commandNamed(best.word);
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The short answer to a line that names no command: what was not understood, the likely command (with the rest
 * of the line when it is short), and where the full list is. Not the whole help: it would bury the one hint.
 */
export function unknownCommandNotice(word: string, rest: string): { text: string; hint: string } {
  const shown = word.length > 40 ? `${word.slice(0, 40)}…` : word;
  const guess = nearestCommand(word);
  const tail = rest.trim();
  const suggestion = guess && (tail && tail.length <= 60 ? `${guess} ${tail}` : guess);
  return {
    text: `I don't know the command \`${shown}\`.${suggestion ? ` Did you mean \`${suggestion}\`?` : ''}`,
    hint: 'Type `help` for the list of commands, or `help <command>` for one.',
  };
}

/** "Usage: <usage>, e.g. <example>." for error messages. */
export function usageOf(name: CommandName): string {
  const c = COMMANDS[name];
  return `Usage: ${c.usage}, e.g. ${c.example}.`;
}

/**
 * How a supervisor whispers besides `whisper <chat> <text>`, which depends on where the chat is shown: a reply in
 * its thread (Slack, a Teams channel), the Whisper box of its live card (a Teams personal chat has no threads), or
 * `>C-1042 text` typed in the terminal.
 */
export type WhisperPlace = 'thread' | 'live-card' | 'terminal';

/** `inChannel`: the chat is shown in a team channel rather than a personal chat (only Teams tells them apart). */
export function whisperPlace(surface: SurfaceName, inChannel: boolean): WhisperPlace {
  if (surface === 'terminal') return 'terminal';
  return surface === 'teams' && !inChannel ? 'live-card' : 'thread';
}

/** "reply in its thread" and the like: a clause to follow "To whisper to the agent, ". */
export function howToWhisper(place: WhisperPlace, ref: string): string {
  switch (place) {
    case 'terminal':
      return `type \`>${ref} text\``;
    case 'live-card':
      return 'type into the Whisper box on its live card';
    case 'thread':
      return 'reply in its thread';
  }
}

/** The whisper entry of help says how to whisper where the help was asked for. */
function whisperEntry(place: WhisperPlace): CommandUsage {
  const also = {
    terminal: 'In the terminal you can also type >C-1042 text, or > text for the chat you supervised last.',
    'live-card': "You can also type it into the Whisper box on the chat's live card.",
    thread: "You can also reply in the chat's thread.",
  }[place];
  return { ...COMMANDS.whisper, description: `${COMMANDS.whisper.description} ${also}` };
}

export function helpView(lead?: string, topic?: string, place?: WhisperPlace): HelpView {
  const entry = (name: CommandName) => (name === 'whisper' && place ? whisperEntry(place) : COMMANDS[name]);
  const all = (Object.keys(COMMANDS) as CommandName[]).map(entry);
  if (topic) {
    const name = commandNamed(topic);
    if (name) return { title: `Help: ${name}`, entries: [entry(name)], ...(lead ? { lead } : {}) };
    const guess = nearestCommand(topic);
    if (!lead && guess)
      return {
        title: `Help: ${guess}`,
        entries: [entry(guess)],
        lead: `There is no command \`${topic}\`. Did you mean \`${guess}\`?`,
      };
    lead ??= `There is no command \`${topic}\`. These are the commands:`;
  }
  return { title: 'Convrs Supervisor Bot commands', entries: all, ...(lead ? { lead } : {}) };
}
