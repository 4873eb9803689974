// One command from any surface: parse with the shared grammar, run the use case, answer the requester.
import type { Deps } from '../deps';
import { surfaceOf } from '../deps';
import { isAppError, userMessageOf } from '../errors';
import { parseCommand } from '../commands/grammar';
import { helpView, unknownCommandNotice, whisperPlace } from '../commands/usage';
import type { Requester } from '../ports';
import type { ReplyView } from '../views';
import { listAgents } from './agents';
import { claimAlert } from './alerts';
import { calibrationCommand } from './calibration';
import { coverageCommand } from './coverage';
import { homeCommand } from './home';
import { claimOrphanAlert } from './orphans';
import { suggestWhisper } from './suggest-whisper';
import { summaryCommand } from './summary';
import { transferAll } from './transfer-all';
import { report } from './report';
import { scoreCommand } from './score-chat';
import { exportChats, listAllChats, listOpenChats } from './find-chats';
import { finish, transfer, transferForm } from './intervene';
import { whisperCommand } from './send-whisper';
import { supervise, unsupervise } from './supervise';
import { unwatch, watch } from './watch';

/** Runs a command and returns the answer (never throws for user errors). */
export function answerCommand(deps: Deps, who: Requester, text: string, requestId: string): Promise<ReplyView> {
  return answerSafely(deps, who, () => execute(deps, who, text, requestId));
}

/** Runs a use case for a requester; errors become a notice they can act on (internal ones are logged). */
export async function answerSafely(deps: Deps, who: Requester, run: () => Promise<ReplyView>): Promise<ReplyView> {
  try {
    return await run();
  } catch (e) {
    if (!isAppError(e) || e.code === 'internal')
      deps.log.error({ surface: who.surface, err: (e as Error).message, stack: (e as Error).stack }, 'command failed');
    else deps.log.info({ surface: who.surface, code: e.code }, 'command refused');
    return { type: 'notice', tone: 'error', text: userMessageOf(e) };
  }
}

/** Runs a command and delivers the answer through the requester's surface. */
export async function runCommand(deps: Deps, who: Requester, text: string, requestId: string): Promise<ReplyView> {
  const view = await answerCommand(deps, who, text, requestId);
  await surfaceOf(deps, who.surface).reply(who, view);
  return view;
}

async function execute(deps: Deps, who: Requester, text: string, requestId: string): Promise<ReplyView> {
  const cmd = parseCommand(text);
  const listCommand = text
    .replace(/\bpage:\S+/gi, '')
    .replace(/\s+/g, ' ')
    .trim();
  switch (cmd.name) {
    case 'help':
      return { type: 'help', help: helpView(undefined, cmd.topic, whisperPlace(who.surface, !!who.context?.teamId)) };
    case 'unknown':
      return { type: 'notice', tone: 'error', ...unknownCommandNotice(cmd.word, text.trim().slice(cmd.word.length)) };
    case 'supervise':
      return supervise(deps, who, cmd.chat);
    case 'unsupervise':
      return unsupervise(deps, who, cmd.chat);
    case 'watch':
      return watch(deps, who, cmd.businessUnit);
    case 'unwatch':
      return unwatch(deps, who, cmd.businessUnit);
    case 'whisper':
      return whisperCommand(deps, who, cmd.chat, cmd.text, requestId);
    case 'transfer':
      return cmd.to ? transfer(deps, who, cmd.chat, cmd.to) : transferForm(deps, who, cmd.chat);
    case 'finish':
      return finish(deps, who, cmd.chat, cmd.confirmed);
    case 'open':
      return listOpenChats(deps, who, cmd.filter, cmd.page, listCommand);
    case 'chats':
      return cmd.export
        ? exportChats(deps, who, cmd.filter)
        : listAllChats(deps, who, cmd.filter, cmd.page, listCommand);
    case 'agents':
      return listAgents(deps, who, cmd.filter, cmd.page, listCommand);
    case 'score':
      return scoreCommand(deps, who, cmd.chat);
    case 'report':
      return report(deps, who, cmd.filter, cmd.export);
    case 'calibration':
      return calibrationCommand(deps, who, cmd.filter);
    case 'claim':
      return 'agent' in cmd
        ? claimOrphanAlert(deps, who, cmd.agent, cmd.businessUnit)
        : claimAlert(deps, who, cmd.chat, cmd.kind);
    case 'coverage':
      return coverageCommand(deps, who, cmd.businessUnit, cmd.page, listCommand);
    case 'transfer-all':
      return transferAll(deps, who, cmd.agent, cmd.fromUnit, cmd.to);
    case 'summary':
      return summaryCommand(deps, who, cmd.chat);
    case 'suggest':
      return suggestWhisper(deps, who, cmd.chat);
    case 'home':
      return homeCommand(deps, who);
  }
}
