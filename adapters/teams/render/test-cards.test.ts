// The card check the renderer tests rely on refuses what Teams would refuse or what would lead nowhere: it runs the
// official Adaptive Cards parser and validator, warnings included, so these cases show that check is live.
import { chatActionSubmit, commandSubmit } from './actions';
import { adaptiveCard, textBlock, type AdaptiveCard, type CardElement } from './adaptive';
import { expectValidCard, officialCardProblems } from './test-cards';

const valid = (): AdaptiveCard => adaptiveCard([textBlock('hi')], [chatActionSubmit('supervise', 'C-1')]);
const withBody = (...body: CardElement[]): AdaptiveCard => ({ ...valid(), body });
const loose = (x: unknown) => x as CardElement;

describe('officialCardProblems (the adaptivecards package)', () => {
  it('finds nothing in a valid card', () => {
    expect(officialCardProblems(valid())).toEqual([]);
  });

  it.each([
    [
      'a required input without a label (a warning)',
      withBody({ type: 'Input.Text', id: 'whisper', isRequired: true, errorMessage: 'Type it' }),
      /RequiredInputsShouldHaveLabel \(Input\.Text #whisper\)/,
    ],
    [
      'a required input without an error message',
      withBody({ type: 'Input.Text', id: 'whisper', label: 'Whisper', isRequired: true }),
      /RequiredInputsShouldHaveErrorMessage/,
    ],
    [
      'an element 1.5 does not have (Carousel is 1.6)',
      withBody(loose({ type: 'Carousel', pages: [] })),
      /UnknownElementType/,
    ],
    [
      'an unknown action',
      { ...valid(), actions: [{ type: 'Action.Explode', title: 'X' }] as unknown as AdaptiveCard['actions'] },
      /UnknownActionType/,
    ],
    [
      'two inputs with one id',
      withBody({ type: 'Input.Text', id: 'whisper' }, { type: 'Input.Text', id: 'whisper' }),
      /DuplicateId/,
    ],
    [
      'a choice set without choices',
      withBody({ type: 'Input.ChoiceSet', id: 'agent', choices: [] }),
      /CollectionCantBeEmpty/,
    ],
    ['a bad enum value', withBody(loose({ type: 'TextBlock', text: 'x', color: 'Purple' })), /InvalidPropertyValue/],
  ])('reports %s', (_, card, problem) => {
    expect(officialCardProblems(card)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
    expect(() => expectValidCard(card as AdaptiveCard)).toThrow();
  });
});

describe('expectValidCard', () => {
  it('accepts a valid card and returns its submits', () => {
    expect(expectValidCard(valid()).map((s) => s.title)).toEqual(['Supervise']);
  });

  it.each([
    ['another version', { ...valid(), version: '1.6' } as unknown as AdaptiveCard],
    ['a property Adaptive Cards does not know', withBody(loose({ type: 'TextBlock', text: 'x', wrapp: true }))],
    ['an empty TextBlock', withBody(textBlock(' '))],
    ['a date function clients would show raw', withBody(textBlock('{{DATE(2026-11-24T09:14:03.250Z, SHORT)}}'))],
    [
      'a button whose command the grammar does not know',
      { ...valid(), actions: [commandSubmit('Go', { action: 'page', command: 'explode C-1' })] },
    ],
    [
      'a button that is not ours',
      {
        ...valid(),
        actions: [
          { type: 'Action.Submit', title: 'X', data: {} } as unknown as NonNullable<AdaptiveCard['actions']>[number],
        ],
      },
    ],
    ['a card over the Teams message size', withBody(...Array.from({ length: 30 }, () => textBlock('x'.repeat(1000))))],
  ])('refuses %s', (_, card) => {
    expect(() => expectValidCard(card)).toThrow();
  });
});
