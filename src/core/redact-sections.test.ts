import { createRedactor } from './redact';
import { redactReply } from './redact-views';
import type { ListPageView } from './views';

const r = createRedactor({ kinds: ['card', 'iban', 'email', 'phone'] });
const table = (cells: string[]): ListPageView => ({
  title: 't',
  columns: [],
  rows: [{ cells }],
  page: 1,
  pageCount: 1,
  total: 1,
  command: '',
  emptyText: '',
});

it('redacts the sections of a list reply as it does its page, staff e-mails kept', () => {
  const out = redactReply(r, {
    type: 'list',
    page: table(['call +31 6 12345678']),
    sections: [table(['ann.lee@acme.test', 'mail jo@example.com'])],
  });
  expect(out.type === 'list' && out.page.rows[0]!.cells).toEqual(['call [phone]']);
  expect(out.type === 'list' && out.sections![0]!.rows[0]!.cells).toEqual(['ann.lee@acme.test', 'mail [email]']);
});
