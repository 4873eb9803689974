import { draftOf, onDraftLine } from './demo-draft-prompt';

const d = { ref: 'C-1003', text: 'Dan, the customer is upset: give them a date.' };

it('reads the pre-filled whisper line as a draft', () => {
  expect(draftOf(`whisper C-1003 ${d.text}`)).toEqual(d);
  expect(draftOf('summary C-1003')).toBeNull();
});

it('Enter sends the edited text as a whisper; an empty line drops the draft', () => {
  expect(onDraftLine(d, `${d.text} Today.`)).toEqual({ run: `whisper C-1003 ${d.text} Today.` });
  expect(onDraftLine(d, 'My own words')).toEqual({ run: 'whisper C-1003 My own words' });
  expect(onDraftLine(d, '   ')).toEqual({ say: 'Draft for C-1003 dropped; nothing was sent.' });
});

it('a command typed after the draft sends nothing, puts the line back, and a second Enter sends it as it is', () => {
  const first = onDraftLine(d, `${d.text}summary C-1003`);
  expect(first).toMatchObject({ say: expect.stringContaining('Nothing was sent: "summary C-1003"') });
  const again = 'again' in first ? first.again! : null;
  expect(again).toEqual({ ...d, refused: `${d.text}summary C-1003` });
  expect(onDraftLine(again!, `${d.text}summary C-1003`)).toEqual({ run: `whisper C-1003 ${d.text}summary C-1003` });
  // A command word with arguments the grammar refuses still counts as a command.
  expect(onDraftLine(d, `${d.text} transfer`)).toHaveProperty('say');
});
