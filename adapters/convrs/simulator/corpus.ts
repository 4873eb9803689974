// Message texts and attachments for simulated chats: angry, happy and neutral customers, agents, bots.
import type { Attachment, Channel } from './types';
import { pick, type Rng } from './population';

export const CHANNELS: Channel[] = ['whatsapp', 'webchat', 'messenger', 'sms'];
export type Mood = 'angry' | 'happy' | 'neutral';

export const BOT_GREETINGS = [
  'Hi! I am Acme’s virtual assistant. How can I help you today?',
  'Welcome to Acme 👋 Tell me what you need and I will find the right person for you.',
  'Hello! Thanks for contacting Acme. An agent will be with you shortly.',
];

export const BOT_HANDOVER = ['Connecting you to an agent now, please hold on.', 'I am handing you over to one of our colleagues.'];

export const OPENERS: Record<string, string[]> = {
  Sales: ['Hi, I would like to know the price of the Pro plan for 20 users.', 'Do you offer a discount for non-profits?', 'Can I upgrade my subscription mid-month?'],
  'Customer Support': ['Hello, my order #48213 has not arrived yet.', 'I was charged twice for the same order.', 'How do I change the delivery address on my order?'],
  'Tech Support': ['The app keeps crashing when I open the settings page.', 'I cannot log in, it says my password is wrong but I just reset it.', 'The sync has been stuck at 80% since this morning.'],
};

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
  'I am really sorry this has taken so long. I am processing your refund personally.',
  'You are right, you should not have to ask again. I am on it.',
];

export const AGENT_GREETINGS = ['Hi {customer}, my name is {agent}. How can I help?', 'Hello {customer}, {agent} here, I will take it from here.'];
export const AGENT_CLOSINGS = ['Thanks for contacting Acme, have a great day!', 'Glad I could help. Take care!'];

export const FEEDBACK_COMMENTS: Record<'up' | 'down', string[]> = {
  up: ['Very helpful agent', 'Quick and friendly', 'Solved my problem'],
  down: ['Took far too long', 'My problem is still not solved', 'Agent did not listen'],
};

export const ATTACHMENTS: Attachment[] = [
  { name: 'receipt.pdf', url: 'https://files.acme.test/receipt.pdf', mime: 'application/pdf' },
  { name: 'screenshot.png', url: 'https://files.acme.test/screenshot.png', mime: 'image/png' },
  { name: 'invoice-2291.pdf', url: 'https://files.acme.test/invoice-2291.pdf', mime: 'application/pdf' },
  { name: 'error-log.txt', url: 'https://files.acme.test/error-log.txt', mime: 'text/plain' },
];

export function opener(rng: Rng, businessUnit: string): string {
  return pick(rng, OPENERS[businessUnit] ?? CUSTOMER_LINES.neutral);
}

export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m);
}
