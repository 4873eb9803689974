// Metric math on tiny examples worked out by hand.
import { accuracy, confusionMatrix, macroF1, meanAbsoluteError } from './metrics';

const labels = ['negative', 'neutral', 'positive'] as const;
const truth = ['negative', 'negative', 'neutral', 'positive'] as const;
const predicted = ['negative', 'neutral', 'neutral', 'neutral'] as const;

it('counts true labels by row and predictions by column', () => {
  expect(confusionMatrix(labels, truth, predicted)).toEqual([
    [1, 1, 0],
    [0, 1, 0],
    [0, 1, 0],
  ]);
});

it('accuracy is the share of exact matches', () => {
  expect(accuracy(truth, predicted)).toBe(0.5);
});

it('macro-F1 averages per-label F1 equally', () => {
  // negative: P=1, R=1/2 → 2/3; neutral: P=1/3, R=1 → 1/2; positive: never predicted → 0.
  expect(macroF1(labels, truth, predicted)).toBeCloseTo((2 / 3 + 1 / 2 + 0) / 3, 10);
  expect(macroF1(labels, truth, truth)).toBe(1);
});

it('MAE is the mean absolute difference', () => {
  expect(meanAbsoluteError([5, 1, 3], [4, 2, 3])).toBeCloseTo(2 / 3, 10);
});
