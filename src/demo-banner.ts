// What the demo tells the person at the keyboard first: who they are in Convrs, what they may do, and what the demo
// watches for them (a unit they may watch) or why it watches nothing.
import { can, type Permission } from './core/access';
import type { Supervisor } from './core/model';

export interface DemoIntro {
  lines: string[];
  /** The business unit to watch on screen, if the person may watch one. */
  watch?: string;
}

export interface DemoIntroOptions {
  /** `--watch <bu>` as typed; absent means "Sales, or else the first unit you may watch". */
  requestedWatch?: string;
  /** Every business unit there is, in a stable order. */
  businessUnits: string[];
  /** Refs of open chats the person may supervise (to name a first `supervise`). */
  openRefs: string[];
}

const WATCH: Permission = 'Supervise Open Chats';
/** What each permission opens up, as the commands a person would type. */
const COMMANDS_OF: [Permission, string][] = [
  ['Supervise', 'supervise, unsupervise, whisper, suggest, summary, transfer, transfer-all, finish, score, claim'],
  [WATCH, 'watch, unwatch, open, coverage'],
  ['All Chats', 'chats, report, calibration'],
];
const DEFAULT_WATCH = 'Sales';

export function demoIntro(me: Supervisor, o: DemoIntroOptions): DemoIntro {
  if (!me.agent && !me.isAdmin) {
    return {
      lines: [
        `You are ${me.email ?? 'unknown'}, who is not an agent in the Convrs simulator, so the bot refuses your commands (as it would in Slack or Teams).`,
        'Try --as sam.boss@acme.test (every permission) or --as sue.sales@acme.test (Supervise in Sales only).',
      ],
    };
  }
  const units = me.isAdmin ? o.businessUnits : me.agent!.businessUnits;
  const perms = me.isAdmin ? ['every permission (ADMIN_EMAILS)'] : me.agent!.permissions;
  const lines = [
    `You are ${me.agent?.name ?? me.email} (${me.email}): ${perms.join(', ') || 'no supervisor permission'} in ${units.join(', ') || 'no business unit'}.`,
  ];

  const granted = COMMANDS_OF.filter(([p]) => can(me, p));
  const missing = COMMANDS_OF.filter(([p]) => !can(me, p));
  lines.push(`You may use: ${[...granted.map(([, c]) => c), 'agents', 'home', 'help'].join(', ')}.`);
  if (missing.length) lines.push(`Not for you: ${missing.map(([p, c]) => `${c} (they need "${p}")`).join('; ')}.`);
  if (can(me, 'Supervise'))
    lines.push('Whisper with `>C-1001 text` in any chat on screen, or `> text` in the chat you supervised last.');

  const watchable = o.businessUnits.filter((bu) => can(me, WATCH, bu));
  const wanted = o.requestedWatch ?? DEFAULT_WATCH;
  const watch = watchable.find((bu) => bu.toLowerCase() === wanted.toLowerCase()) ?? watchable[0];
  if (watch) {
    const instead =
      o.requestedWatch && watch.toLowerCase() !== o.requestedWatch.toLowerCase()
        ? `You may not watch ${o.requestedWatch}, so the demo watches ${watch} instead. `
        : '';
    lines.push(`${instead}Watching ${watch} here, so its chats stream in. \`unwatch bu:${quoteBu(watch)}\` to stop.`);
    return { lines, watch };
  }
  lines.push(
    `Nothing streams in by itself: watching a business unit needs the Convrs permission "${WATCH}", which you do not have.`,
  );
  if (can(me, 'Supervise')) {
    lines.push(
      o.openRefs.length
        ? `Open chats you may supervise now: ${o.openRefs.join(', ')}. Try \`supervise ${o.openRefs[0]}\`. Later, \`agents\` lists each agent's open chats.`
        : `No chat of ${units.join(', ')} is open yet; chats start within seconds. \`agents\` lists each agent's open chats; then \`supervise <ref>\`.`,
    );
  }
  return { lines };
}

const quoteBu = (bu: string) => (/\s/.test(bu) ? `"${bu}"` : bu);
