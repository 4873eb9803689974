// Usage line, example and description of every command: the single source for help and grammar errors.
import type { HelpView } from '../views';
import type { CommandName } from './command';

export interface CommandUsage {
  usage: string;
  example: string;
  description: string;
}

/** In the order help lists them. A `Record` so a new command cannot ship without its help. */
export const COMMANDS: Record<CommandName, CommandUsage> = {
  supervise: {
    usage: 'supervise <chat>',
    example: 'supervise C-1042',
    description: 'Mirrors a chat (ref like C-1042 or a Convrs conversation id) into your direct conversation with the bot.',
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
  transfer: {
    usage: 'transfer <chat> to <agent email | agent name | bu:<name>>',
    example: 'transfer C-1042 to ann.lee@acme.test',
    description: 'Moves a chat to another agent or business unit; `transfer <chat>` alone lists the choices.',
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
    usage: 'claim <chat> [negative|inactive]',
    example: 'claim C-1042',
    description: "Takes an alert (\"I've got it\") so other supervisors see it is handled.",
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

/** "Usage: <usage>, e.g. <example>." for error messages. */
export function usageOf(name: CommandName): string {
  const c = COMMANDS[name];
  return `Usage: ${c.usage}, e.g. ${c.example}.`;
}

export function helpView(lead?: string, topic?: string): HelpView {
  const all = Object.values(COMMANDS);
  if (topic) {
    const name = commandNamed(topic);
    if (name) return { title: `Help: ${name}`, entries: [COMMANDS[name]], ...(lead ? { lead } : {}) };
    lead ??= `There is no command \`${topic}\`. These are the commands:`;
  }
  return { title: 'Convrs Supervisor Bot commands', entries: all, ...(lead ? { lead } : {}) };
}
