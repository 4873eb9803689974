// The card check the renderer tests rely on refuses what Teams would refuse or what would lead nowhere.
import { chatActionSubmit, commandSubmit } from './actions';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement } from './adaptive';
import { expectValidCard } from './test-cards';

const valid = (): AdaptiveCard => adaptiveCard([textBlock('hi')], [chatActionSubmit('supervise', 'C-1')]);
const withBody = (...body: CardElement[]): AdaptiveCard => ({ ...valid(), body });

describe('expectValidCard', () => {
  it('accepts a valid card and returns its submits', () => {
    expect(expectValidCard(valid()).map((s) => s.title)).toEqual(['Supervise']);
  });

  it.each([
    ['another version', { ...valid(), version: '1.6' } as unknown as AdaptiveCard],
    ['an element 1.5 does not have', withBody({ type: 'Carousel', pages: [] } as unknown as CardElement)],
    ['an empty TextBlock', withBody(textBlock(' '))],
    ['a date function clients would show raw', withBody(textBlock('{{DATE(2026-11-24T09:14:03.250Z, SHORT)}}'))],
    ['two inputs with one id', withBody({ type: 'Input.Text', id: 'whisper' }, { type: 'Input.Text', id: 'whisper' })],
    ['a button whose command the grammar does not know', { ...valid(), actions: [commandSubmit('Go', { action: 'page', command: 'explode C-1' })] }],
    ['a button that is not ours', { ...valid(), actions: [{ type: 'Action.Submit', title: 'X', data: {} } as unknown as NonNullable<AdaptiveCard['actions']>[number]] }],
    ['a card over the Teams message size', withBody(...Array.from({ length: 30 }, () => textBlock('x'.repeat(1000))))],
  ])('refuses %s', (_, card) => {
    expect(() => expectValidCard(card)).toThrow();
  });
});
