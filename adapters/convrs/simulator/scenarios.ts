// What simulated chats are about: one topic per chat, with the lines each side says along the way.
import type { Attachment } from './types';

/** One side's line and the other side's possible replies to it. */
export interface Exchange {
  line: string;
  replies: string[];
  /** Sent along with the reply (a photo, a screenshot). */
  file?: Attachment;
}

/**
 * A topic a customer contacts Acme about. Every opener fits every answer and stall of its scenario; questions come
 * with their replies. `{order}` and `{ticket}` are made up per chat; `{customer}`, `{agent}` and `{unit}` are filled in
 * when the line is said. The customer's plain steps (opener, replies to the agent's questions, follow-ups) are
 * statements and questions with no strong feeling, so that a chat's sentiment comes from its mood lines: the
 * scenario's thanks and complaints, and the shared ones in corpus.ts.
 */
export interface Scenario {
  id: string;
  /** The unit that handles it: an index into the business units (by default 0 Sales, 1 Customer Support, 2 Tech Support). */
  unit: number;
  /** This share of the chats starts in the `from` unit, whose agent hands it over to `unit`. */
  misrouted?: { from: number; share: number };
  opener: string[];
  /** The agent's questions, with the customer's replies. */
  asks: Exchange[];
  /** The agent's answer that settles it. */
  answer: string[];
  /** The customer's follow-up questions, with the agent's reply. */
  followUps: Exchange[];
  /** A happy customer's reaction to the answer. */
  thanks: string[];
  /** Answers that do not settle it (angry chats), with the customer's angry reactions. */
  stalls: Exchange[];
  /** What the agent does last in an angry chat. */
  escalation: string[];
  /** Sent along with the agent's answer (an invoice). */
  answerFile?: Attachment;
}

const file = (name: string, mime: string): Attachment => ({ name, url: `https://files.acme.test/${name}`, mime });
const ORDER_NUMBER: Exchange = {
  line: 'Could you send me your order number so I can check?',
  replies: ['It is order {order}.', 'Order number {order}.', 'Sure, {order}.'],
};

export const SCENARIOS: Scenario[] = [
  {
    id: 'discount',
    unit: 0,
    opener: [
      'Do you offer a discount for charities?',
      'Is there a discount for schools or charities?',
      'We are a small charity. Do you have special pricing for us?',
    ],
    asks: [
      { line: 'How many users would you need?', replies: ['About 15 users.', 'We are 12 staff.', 'Around 30 people.'] },
      {
        line: 'Could you tell me what kind of organisation you are?',
        replies: ['A registered charity, a local food bank.', 'A primary school.', 'A small animal shelter.'],
      },
    ],
    answer: [
      'Yes, registered charities and schools get 30% off every plan. I have added it to your account.',
      'We do: 30% off for charities and schools. I have sent you a code by email.',
    ],
    followUps: [
      { line: 'Does that also apply to the yearly plan?', replies: ['Yes, it applies to monthly and yearly plans.'] },
      {
        line: 'Do I need to send any documents?',
        replies: ['Just your registration number, you can reply to our email with it.'],
      },
      { line: 'Can we add more users later at the same price?', replies: ['Yes, new users get the same price.'] },
    ],
    thanks: ['Great, that is a big help for us. Thank you!', 'Perfect, thank you so much!', 'Wonderful, thanks a lot!'],
    stalls: [
      {
        line: 'I am afraid we only give discounts on orders of 50 users or more.',
        replies: [
          'Unbelievable. Your website says there IS a discount for charities. Nobody here reads my messages.',
          'Your own website promises a discount. Unbelievable, this is a joke.',
        ],
      },
      {
        line: 'I cannot see a discount for charities in our price list.',
        replies: [
          'Your own website promises a discount. Unbelievable, this is a joke.',
          'Ridiculous. Nobody at your company seems to know anything.',
        ],
      },
    ],
    escalation: ['I have passed this to my manager, they will email you within 24 hours.'],
  },
  {
    id: 'upgrade',
    unit: 0,
    opener: [
      'Can I upgrade my subscription mid-month?',
      'How do I move from the Basic plan to Pro?',
      'We are moving to the Pro plan. How does that work?',
    ],
    asks: [
      {
        line: 'Which plan are you on now, and how many users?',
        replies: ['Basic, 8 users.', 'Basic, billed monthly, 20 users.', 'The Basic plan for 5 people.'],
      },
      { line: 'Are you the owner of the account?', replies: ['I am the account owner.', 'It is my account.'] },
    ],
    answer: [
      'You can upgrade any time; you only pay the difference for the rest of the month. I have switched you to Pro.',
      'Pro is 12 euros per user per month, and you pay only the difference this month. I have sent you the upgrade link.',
    ],
    followUps: [
      { line: 'Will we keep all our data?', replies: ['Yes, nothing changes except the extra features.'] },
      { line: 'When will the new price show on the invoice?', replies: ['On your next invoice, on the 1st.'] },
      { line: 'Can we go back to Basic later?', replies: ['Yes, you can change plans once a month.'] },
    ],
    thanks: ['Great, that was quick. Thanks!', 'Perfect, thank you!', 'Excellent, thanks for the help!'],
    stalls: [
      {
        line: 'Upgrades can only be done by the account owner, so I cannot do it from here.',
        replies: [
          'I AM the account owner. This is ridiculous.',
          'I told you it is my account. Are you even reading my messages? Useless.',
        ],
      },
      {
        line: 'The upgrade page is down at the moment, please try again tomorrow.',
        replies: ['So I cannot even give you money? Useless.', 'Tomorrow? Seriously? This is a joke.'],
      },
    ],
    escalation: ['I have raised a ticket with billing, they will contact you today.'],
  },
  {
    id: 'delivery-delay',
    unit: 1,
    opener: [
      'Hello, my order has not arrived yet.',
      'When will my order be delivered?',
      'Where is my parcel? The tracking has not changed since Monday.',
    ],
    asks: [ORDER_NUMBER],
    answer: [
      'I can see it: it left our warehouse yesterday and will be delivered tomorrow before 18:00.',
      'Your parcel is at the local depot and goes out for delivery today.',
    ],
    followUps: [
      { line: 'Can it be left with a neighbour?', replies: ['Yes, I have added that to the delivery notes.'] },
      { line: 'Will the courier ring first?', replies: ['Yes, you will get a text one hour before.'] },
      { line: 'Can I get the tracking link?', replies: ['Of course, I have sent it to your email.'] },
    ],
    thanks: ['Great, thank you!', 'Perfect, thanks for checking!', 'Brilliant, thank you so much.'],
    stalls: [
      {
        line: 'I can see the order but the courier has no update yet.',
        replies: [
          'Two weeks and still nothing. This is unacceptable.',
          'I have been waiting for two weeks. Worst service ever.',
        ],
      },
      {
        line: 'It seems to be held up at the depot, I cannot see more than that.',
        replies: [
          'Still no parcel and still no answer. Ridiculous.',
          'Two weeks and still nothing. This is unacceptable.',
        ],
      },
    ],
    escalation: [
      'I have opened a claim with the courier and escalated it to my team lead.',
      'I have asked the warehouse to send a new parcel today.',
    ],
  },
  {
    id: 'refund',
    unit: 1,
    opener: [
      'I returned a jacket last week, when will I get my money?',
      'How long does a return take to be paid back?',
      'I sent my return back 10 days ago. When is it paid?',
    ],
    asks: [
      {
        line: 'Could you give me the order number of the return?',
        replies: ['Order {order}, the blue jacket.', 'It was order {order}.', '{order}, sent back on Monday.'],
      },
    ],
    answer: [
      'The return arrived and I have approved it: the money will be on your card within 3 working days.',
      'I can see it came back to us. I have just released the payment.',
    ],
    followUps: [
      { line: 'Will I get an email when it is paid?', replies: ['Yes, you will get a confirmation email.'] },
      { line: 'Does it go back to the same card?', replies: ['Yes, to the card you paid with.'] },
      { line: 'Is the shipping cost included?', replies: ['Yes, the shipping is included.'] },
    ],
    thanks: ['That is great news, thank you!', 'Perfect, thanks a lot!', 'Thank you, that is all I needed.'],
    stalls: [
      {
        line: 'The return is still being checked by the warehouse.',
        replies: [
          "This is the third time I'm asking!!! Still waiting for my refund",
          'Still waiting. I sent it back two weeks ago and I want my money back.',
        ],
      },
      {
        line: 'I cannot see the return in our system yet.',
        replies: [
          'You keep sending me the same useless answer. Where is my refund?',
          'Still waiting. I sent it back two weeks ago and I want my money back.',
        ],
      },
    ],
    escalation: ['I have escalated this to our billing team, you will hear from them within 24 hours.'],
  },
  {
    id: 'double-charge',
    unit: 1,
    misrouted: { from: 0, share: 0.3 },
    opener: [
      'I see two payments for the same order.',
      'My card shows the same amount twice.',
      'I think I paid twice for one order.',
    ],
    asks: [
      {
        line: 'Which order is it about?',
        replies: ['Order {order}, both on the 3rd.', '{order}, two payments this morning.'],
      },
      {
        line: 'Could you send me the order number and your bank statement?',
        replies: ['Order {order}. Statement attached.', 'Here it is, order {order}.'],
        file: file('bank-statement.pdf', 'application/pdf'),
      },
    ],
    answer: [
      'I can see the second payment. It was a duplicate and I have refunded it now.',
      'You are right, one of them was a test hold. It will drop off your card in 2 days.',
    ],
    followUps: [
      { line: 'How long until I see it on my card?', replies: ['Usually 2 to 3 working days.'] },
      { line: 'Could this happen next month too?', replies: ['No, the cause is fixed on our side.'] },
      { line: 'Do I need to do anything?', replies: ['No, it is all done on our side.'] },
    ],
    thanks: ['Great, thank you for sorting it out!', 'Perfect, thanks!', 'Thank you, that was quick.'],
    stalls: [
      {
        line: 'I can only see one payment on our side, so please check with your bank.',
        replies: [
          'I was charged twice and you tell me to call my bank? Unacceptable.',
          'I sent you the statement. Are you even reading my messages? Useless.',
        ],
      },
      {
        line: 'Billing will look at it, it can take up to 10 working days.',
        replies: [
          'Ten days for your mistake? This is a joke.',
          'I was charged twice and now I have to wait 10 days? Unacceptable.',
        ],
      },
    ],
    escalation: ['I have escalated this to our billing team, you will hear from them within 24 hours.'],
  },
  {
    id: 'address-change',
    unit: 1,
    opener: [
      'How do I change the delivery address on my order?',
      'I moved last week. Can I change the address on my order?',
      'Can I send my order to my office instead?',
    ],
    asks: [
      {
        line: 'Sure, what is the order number and the new address?',
        replies: [
          'Order {order}, the new address is 12 Harbour Street.',
          'It is {order}, and the address is 4 Main Road.',
          '{order}. The new address is in my account now.',
        ],
      },
    ],
    answer: ['Done, the order will go to the new address.', 'I have updated it; the courier has the new address now.'],
    followUps: [
      { line: 'Does that change the delivery date?', replies: ['No, it is still due on Thursday.'] },
      {
        line: 'Will future orders go there too?',
        replies: ['Only if you save it as your default address in your account.'],
      },
      { line: 'Do I get a new confirmation?', replies: ['Yes, it is on its way to your email.'] },
    ],
    thanks: ['Great, thanks a lot!', 'Perfect, thank you!', 'Thank you, that was easy.'],
    stalls: [
      {
        line: 'The order has already shipped, so I cannot change the address any more.',
        replies: [
          'I asked you to change it YESTERDAY. Nobody did anything!!',
          'So it goes to my old address? This is ridiculous.',
        ],
      },
      {
        line: 'Address changes can only be made in the first hour after ordering.',
        replies: [
          'That is ridiculous. Nobody told me that.',
          'I asked you to change it YESTERDAY. Nobody did anything!!',
        ],
      },
    ],
    escalation: ['I have asked the courier to hold the parcel at the depot for you.'],
  },
  {
    id: 'cancellation',
    unit: 1,
    misrouted: { from: 0, share: 0.3 },
    opener: ['How do I end my subscription?', 'Please end my plan at the end of the month.', 'Can I close my account?'],
    asks: [
      {
        line: 'Can you confirm your customer number?',
        replies: ['My customer number is 10-{ticket}.', 'It is 10-{ticket}.', 'Customer number 10-{ticket}.'],
      },
    ],
    answer: [
      'Done: your plan stops at the end of the month and you will not be billed again.',
      'I have set the plan to end on the 30th. You keep access until then.',
    ],
    followUps: [
      { line: 'Can I still download my data?', replies: ['Yes, until the 30th, under Settings > Export.'] },
      { line: 'Will I get a confirmation?', replies: ['Yes, by email within the hour.'] },
      { line: 'Can I come back later?', replies: ['Of course, your account can be reopened any time.'] },
    ],
    thanks: ['Great, thank you for making it easy.', 'Perfect, thanks!', 'Thanks, that was quick.'],
    stalls: [
      {
        line: 'Cancellations have to be requested by post.',
        replies: [
          'By POST? Seriously? Unbelievable. I am cancelling and telling everyone.',
          'By post? Ridiculous. Nobody does that any more.',
        ],
      },
      {
        line: 'I can only end the plan at the end of your yearly term.',
        replies: [
          'If this is not fixed today I am cancelling my account and telling everyone.',
          'Nobody told me it was yearly. This is a scam.',
        ],
      },
    ],
    escalation: ['I have passed your request to our accounts team, they will confirm by email.'],
  },
  {
    id: 'invoice',
    unit: 0,
    opener: [
      'Is there a way to get an invoice for my last order?',
      'Can I get an invoice with our company name on it?',
      'Could you send me the invoice for my order?',
    ],
    asks: [
      {
        line: 'Which order is it for, and what name should be on it?',
        replies: [
          'Order {order}, for Example Trading Ltd.',
          'It is order {order}, company name Test Bakery.',
          '{order}, with our company name please.',
        ],
      },
    ],
    answer: ['Here is the invoice.', 'I have made the invoice, it is attached.'],
    followUps: [
      { line: 'Can you also send it by email?', replies: ['Done, it is in your inbox.'] },
      {
        line: 'Can I get the invoices every month automatically?',
        replies: ['Yes, I have switched on monthly invoices by email.'],
      },
      { line: 'Does it show the VAT?', replies: ['Yes, the VAT is on a separate line.'] },
    ],
    thanks: ['Great, thank you!', 'Perfect, thanks!', 'Thanks, that is exactly what I needed.'],
    stalls: [
      {
        line: 'Invoices can only be made by our finance team.',
        replies: [
          'I have asked for this invoice three times now. Ridiculous.',
          'My accountant needs it TODAY. This is unacceptable.',
        ],
      },
      {
        line: 'I cannot change the name on an invoice once it is made.',
        replies: [
          'Then the invoice is useless to me. Ridiculous.',
          'My accountant needs it TODAY. This is unacceptable.',
        ],
      },
    ],
    escalation: ['I have asked finance to send it to you today.'],
    answerFile: file('invoice.pdf', 'application/pdf'),
  },
  {
    id: 'password-reset',
    unit: 2,
    opener: [
      'I cannot log in. It says my password is incorrect, but I just reset it.',
      'I asked for a password reset but no email came.',
      'How do I reset my password? I cannot log in.',
    ],
    asks: [
      {
        line: 'Do you log in with the app or the website?',
        replies: ['The app, on my phone.', 'The website, in Chrome.', 'Both, the website and the app.'],
      },
    ],
    answer: [
      'I have sent you a new reset link, it works for 30 minutes.',
      'Your account was locked after a few tries. I have unlocked it and sent you a reset link.',
    ],
    followUps: [
      { line: 'Do I need to log in on my other devices too?', replies: ['Yes, once on each device.'] },
      { line: 'How long is the link valid?', replies: ['30 minutes.'] },
      { line: 'Can I turn on two-step login?', replies: ['Yes, under Settings > Security.'] },
    ],
    thanks: ['That worked, thank you!', 'I am in. Thanks a lot!', 'It works now, thanks!'],
    stalls: [
      {
        line: 'Please try clearing the app cache and logging in again.',
        replies: ['I did that TWICE already. Still not working.', 'Stop telling me to clear the cache. Useless.'],
      },
      {
        line: 'I cannot see anything wrong with your account on our side.',
        replies: ['Still locked out after two days. Useless, this is a joke.', 'Ridiculous. I still cannot log in.'],
      },
    ],
    escalation: ['I have opened ticket TS-{ticket} for our engineers, they will email you.'],
  },
  {
    id: 'broken-item',
    unit: 2,
    misrouted: { from: 0, share: 0.5 },
    opener: [
      'I bought the X200 speaker last week and it does not turn on.',
      'My new headphones do not switch on.',
      'The screen of my new tablet stays black.',
    ],
    asks: [
      {
        line: 'Could you send me the order number and a photo of the device?',
        replies: ['Order {order}. Photo attached.', 'Here is a photo. Order {order}.'],
        file: file('photo.jpg', 'image/jpeg'),
      },
      { line: 'Does the light come on when you plug it in?', replies: ['No light at all.', 'No, nothing happens.'] },
    ],
    answer: [
      'That unit is faulty. I have sent you a free return label and a new one ships today.',
      'Please hold the power button for 15 seconds, that resets it. If not, we send a new one.',
    ],
    followUps: [
      { line: 'Do I need the original box?', replies: ['No, any box will do.'] },
      { line: 'How long does a new one take?', replies: ['2 to 3 working days.'] },
      { line: 'Should I send the charger too?', replies: ['Only the device itself.'] },
    ],
    thanks: ['It works now, thank you so much!', 'Great, thanks for the quick help!', 'Perfect, thank you!'],
    stalls: [
      {
        line: 'Please charge it for 24 hours and try again.',
        replies: [
          'I already charged it all night. Still nothing. Ridiculous.',
          'I told you it does not charge. Are you even reading my messages? Useless.',
        ],
      },
      {
        line: 'I need the serial number before I can do anything.',
        replies: [
          'Another number? I have answered your questions TWICE already. Useless.',
          'Ridiculous. Just send me a new one.',
        ],
      },
    ],
    escalation: ['I have asked our repair team to call you tomorrow.'],
  },
  {
    id: 'app-crash',
    unit: 2,
    misrouted: { from: 1, share: 0.2 },
    opener: [
      'The app closes when I open the settings page.',
      'The app shuts down as soon as I open a report.',
      'Since this morning the app closes every time I log in.',
    ],
    asks: [
      {
        line: 'Which version of the app do you have?',
        replies: ['Version 4.2 on Android.', 'The latest one, on an iPhone.'],
      },
      {
        line: 'Could you send me a screenshot?',
        replies: ['Screenshot attached.', 'Here it is.'],
        file: file('screenshot.png', 'image/png'),
      },
      {
        line: 'Could you send me the error log? It is under Settings > Help.',
        replies: ['Here is the log.', 'Log attached.'],
        file: file('error-log.txt', 'text/plain'),
      },
    ],
    answer: [
      'That is a known issue: version 4.3 fixes it and is out now. Please update.',
      'I have reset your app settings on our side. Please restart the app.',
    ],
    followUps: [
      { line: 'What happens to my data?', replies: ['Nothing, your data is stored on our side.'] },
      { line: 'Do I need to log in after the update?', replies: ['No, you stay logged in.'] },
      { line: 'Should I do the same on my laptop?', replies: ['Yes, the desktop app has the same update.'] },
    ],
    thanks: ['It works now, thanks!', 'That fixed it, thank you!', 'Great, all good now. Thanks!'],
    stalls: [
      {
        line: 'Could you try clearing the app cache and logging in again?',
        replies: ['Still crashing. I have lost a whole day of work.', 'I did that TWICE already. Still not working.'],
      },
      {
        line: 'Our engineers are looking into it, I have no time frame yet.',
        replies: ['It has been crashing for days. Worst app ever.', 'Still crashing. I have lost a whole day of work.'],
      },
    ],
    escalation: ['I have opened ticket TS-{ticket} for our engineers and marked it urgent.'],
  },
];
