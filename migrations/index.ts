// Every migration, listed explicitly (no globs) so tsx, jest and compiled output load the same set.
import { Initial1732400000000 } from './1732400000000-Initial';
import { SurfaceState1732500000000 } from './1732500000000-SurfaceState';
import { Alerts1732600000000 } from './1732600000000-Alerts';
import { ScoreTimes1732700000000 } from './1732700000000-ScoreTimes';
import { InboxConversation1732800000000 } from './1732800000000-InboxConversation';
import { AppendMessageFunction1732900000000 } from './1732900000000-AppendMessageFunction';
import { OutboxFinal1733000000000 } from './1733000000000-OutboxFinal';
import { ChatEventTimes1733000000001 } from './1733000000001-ChatEventTimes';
import { DrainShards1733100000000 } from './1733100000000-DrainShards';
import { AppendMessagesFunction1733100000001 } from './1733100000001-AppendMessagesFunction';
import { AwarenessAlerts1733200000000 } from './1733200000000-AwarenessAlerts';
import { SurfaceInbox1733300000000 } from './1733300000000-SurfaceInbox';
import { CsatBlind1733400000000 } from './1733400000000-CsatBlind';

export const migrations = [
  Initial1732400000000,
  SurfaceState1732500000000,
  Alerts1732600000000,
  ScoreTimes1732700000000,
  InboxConversation1732800000000,
  AppendMessageFunction1732900000000,
  OutboxFinal1733000000000,
  ChatEventTimes1733000000001,
  DrainShards1733100000000,
  AppendMessagesFunction1733100000001,
  AwarenessAlerts1733200000000,
  SurfaceInbox1733300000000,
  CsatBlind1733400000000,
];
