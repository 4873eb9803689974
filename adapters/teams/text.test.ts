import { teamsToPlain } from './text';

describe('teamsToPlain', () => {
  it('removes mentions and HTML, and decodes entities', () => {
    expect(teamsToPlain('<at>Convrs Supervisor</at> open bu:Sales')).toBe('open bu:Sales');
    expect(teamsToPlain('<p>offer the refund &amp; say sorry&nbsp;&lt;3</p>')).toBe('offer the refund & say sorry <3');
    expect(teamsToPlain('line one<br>line two')).toBe('line one\nline two');
  });
});
