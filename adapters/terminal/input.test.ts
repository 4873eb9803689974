// Terminal input: which lines are replies (whispers) and to which chat.
import { parseReplyLine } from './input';

describe('parseReplyLine', () => {
  it.each([
    ['> please offer the refund', { text: 'please offer the refund' }],
    ['>C-1001 check the order', { ref: 'C-1001', text: 'check the order' }],
    ['> c1001 check', { ref: 'C-1001', text: 'check' }],
    ['>c-07 hi', { ref: 'C-7', text: 'hi' }],
    ['>C-1001', { ref: 'C-1001', text: '' }],
    ['>', { text: '' }],
    // A word that merely starts like a ref is text for the last chat.
    ['>c-3po is here', { text: 'c-3po is here' }],
  ])('%j', (line, parsed) => expect(parseReplyLine(line)).toEqual(parsed));

  it('is null for commands', () => {
    expect(parseReplyLine('supervise C-1001')).toBeNull();
    expect(parseReplyLine('whisper C-1 > 3')).toBeNull();
  });
});
