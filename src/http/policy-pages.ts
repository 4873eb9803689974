// /privacy and /terms: the pages the Teams and Slack app listings link to. Operators may replace them.
import { Router } from 'express';

const PRIVACY = `Convrs Supervisor bot: privacy

What it stores (in the operator's own database): the Convrs chats it mirrors (customer name and country,
business unit, agent, messages, timestamps, scores), which chats each supervisor follows, whispers sent
through it, an audit log of supervisor actions, and each supervisor's email as their Slack or Teams profile
gives it, to match them to a Convrs agent.

Where it goes: chat messages are shown to supervisors in Slack or Teams threads the operator set up. If the
operator configures OpenAI scoring, chat transcripts (customer and agent lines, no whispers) are sent to the
configured OpenAI endpoint to estimate sentiment and satisfaction. Nothing is sold or shared otherwise.

Logs hold no message text at the normal log level. CSV exports are delivered only to the supervisor who asked
(Slack: their direct messages with the bot; Teams: a one-time link valid 15 minutes).

Questions: contact the organisation that runs this bot.
`;

const TERMS = `Convrs Supervisor bot: terms of use

This bot is operated by your organisation for its contact-centre supervisors. Use it only for supervising
your organisation's customer chats, within the permissions your Convrs administrator gave you. Whispers go
to agents only; customers never see them. Actions you take (whispers, transfers, finishes, exports) are
recorded with your email. The software is provided as is.
`;

export function policyPages(): Router {
  const router = Router();
  router.get('/privacy', (_req, res) => void res.type('text/plain').send(PRIVACY));
  router.get('/terms', (_req, res) => void res.type('text/plain').send(TERMS));
  return router;
}
