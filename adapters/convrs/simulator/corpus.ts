// Message texts shared by every scenario: bots, greetings, the moods' own lines, closings, feedback comments.
import type { Channel } from './types';

export const CHANNELS: Channel[] = ['whatsapp', 'webchat', 'messenger', 'sms'];
export type Mood = 'angry' | 'happy' | 'neutral';

export const BOT_GREETINGS = [
  'Hi! I am Acme’s virtual assistant. How can I help you today?',
  'Welcome to Acme 👋 Tell me what you need and I will find the right person for you.',
  'Hello! Thanks for contacting Acme. An agent will be with you shortly.',
];

export const BOT_HANDOVER = [
  'Connecting you to an agent now, please hold on.',
  'I am handing you over to one of our colleagues.',
];

/** Topic-free lines: the benchmark's traffic, and a chat's small talk once its scenario has run out of lines. */
export const CUSTOMER_LINES: Record<Mood, string[]> = {
  angry: [
    "This is the third time I'm asking!!! Still waiting for my refund",
    'This is completely unacceptable. I want to speak to a manager.',
    'You keep sending me the same useless answer. Are you even reading my messages?',
    'I have been waiting for two weeks. Worst service ever.',
    'If this is not fixed today I am cancelling my account and telling everyone.',
    'Stop asking me for my order number, I already gave it to you TWICE.',
    'Ridiculous. Nobody at your company seems to know anything.',
  ],
  happy: [
    'Thank you so much, that worked perfectly!',
    'Great, you have been really helpful 😊',
    'Perfect, that is exactly what I needed. Have a nice day!',
    'Wow, that was quick. Thanks a lot!',
    'Amazing service as always, thank you.',
  ],
  neutral: [
    'Could you tell me when it will be delivered?',
    'Which payment methods do you accept?',
    'OK, what do I need to do next?',
    'Is there a way to get an invoice for this?',
    'I sent the details by email yesterday.',
    'Can you check the status please?',
    'Sure, one moment.',
    'My customer number is 10-4471.',
  ],
};

export const AGENT_LINES = [
  'Thanks for waiting, let me look into this for you.',
  'I can see your order in our system, one moment please.',
  'I understand, I am sorry for the inconvenience.',
  'Could you send me your order number so I can check?',
  'I have escalated this to our billing team, you will hear from them within 24 hours.',
  'Could you try clearing the app cache and logging in again?',
  'I have applied a credit to your account.',
  'Is there anything else I can help you with?',
];

export const AGENT_CALMING = [
  'I completely understand your frustration and I apologise. Let me sort this out right now.',
  'I am really sorry this has taken so long. I am looking into it personally.',
  'You are right, you should not have to ask again. I am on it.',
];

export const AGENT_GREETINGS = [
  'Hi {customer}, my name is {agent}. How can I help?',
  'Hello {customer}, {agent} here, I will take it from here.',
];
export const AGENT_CLOSINGS = ['Thanks for contacting Acme, have a great day!', 'Glad I could help. Take care!'];

/** A chat that started in the wrong unit: its first agent hands it over, the next one picks it up. */
export const AGENT_HANDOFF = [
  'That is one for our {unit} team, I am transferring you now.',
  'Let me put you through to {unit}, they can sort this out.',
];
export const AGENT_TAKEOVER = [
  'Hi {customer}, {agent} from {unit} here. I have read the chat so far.',
  'Hello {customer}, this is {agent} in {unit}. Let me take it from here.',
];

export const AGENT_ANYTHING_ELSE = [
  'Is there anything else I can help you with?',
  'Anything else I can do for you today?',
];
/** An angry chat ends on an apology, not on "glad I could help". */
export const AGENT_APOLOGIES = [
  'I am sorry again for the trouble. You will hear from us soon.',
  'I apologise again. We will be in touch as soon as we know more.',
];

/** A happy customer's last word. */
export const HAPPY_GOODBYES = [
  'No, that is all. Have a great day!',
  'No thanks, you have been really helpful 😊',
  'That is all. Amazing service as always, thank you.',
  'Nothing else, thanks a lot!',
];
/** A neutral customer acknowledges the answer without a strong feeling either way. */
export const NEUTRAL_ACKS = [
  'OK.',
  'Noted.',
  'Alright, I will try that.',
  'Got it.',
  'Understood.',
  'OK, I will wait for the email.',
];
export const NEUTRAL_GOODBYES = ['No, that is all for now.', 'No.', 'That is all.', 'Nothing else.'];
/** An angry customer after the agent has gone quiet. */
export const ANGRY_NUDGES = ['Hello?? Is anyone there?', 'Are you still there??', 'Still waiting for an answer.'];
/** An angry customer asking again, on any topic. */
export const ANGRY_REPEATS = [
  "This is the third time I'm asking!!! Unacceptable.",
  'This is completely unacceptable. I want to speak to a manager.',
  'You keep sending me the same useless answer. Are you even reading my messages?',
  'Ridiculous. Nobody at your company seems to know anything.',
  'If this is not fixed today I am cancelling my account and telling everyone.',
];
/** An angry customer's last word. */
export const ANGRY_GOODBYES = [
  'Whatever. Worst service ever.',
  'Ridiculous. I want to speak to a manager.',
  'Useless. I am cancelling my account.',
  'This is completely unacceptable.',
];

export const FEEDBACK_COMMENTS: Record<'up' | 'down', string[]> = {
  up: ['Very helpful agent', 'Quick and friendly', 'Solved my problem'],
  down: ['Took far too long', 'My problem is still not solved', 'Agent did not listen'],
};

export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}
