import { slackToPlain } from './text';

describe('slackToPlain', () => {
  it('turns Slack markup back into what the supervisor typed', () => {
    expect(slackToPlain('offer the refund &amp; say sorry &lt;3')).toBe('offer the refund & say sorry <3');
    expect(slackToPlain('see <https://acme.test/kb/12|the refund article>')).toBe(
      'see the refund article (https://acme.test/kb/12)',
    );
    expect(slackToPlain('see <https://acme.test/kb/12>')).toBe('see https://acme.test/kb/12');
    expect(slackToPlain('mail <mailto:ann@acme.test|ann@acme.test>')).toBe('mail ann@acme.test');
    expect(slackToPlain('ask <@U123|ann> in <#C9|sales>')).toBe('ask @ann in #sales');
    expect(slackToPlain('<!here> careful')).toBe('@here careful');
  });
});
