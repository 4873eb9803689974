// Evaluation metrics for the scorers: accuracy, macro-F1 and a confusion matrix for labels, MAE for CSAT.

/** counts[t][p]: how many items of true label labels[t] were predicted as labels[p]. */
export function confusionMatrix<L extends string>(
  labels: readonly L[],
  truth: readonly L[],
  predicted: readonly L[],
): number[][] {
  const counts = labels.map(() => labels.map(() => 0));
  truth.forEach((t, i) => {
    counts[labels.indexOf(t)][labels.indexOf(predicted[i])] += 1;
  });
  return counts;
}

export function accuracy<L>(truth: readonly L[], predicted: readonly L[]): number {
  return truth.filter((t, i) => t === predicted[i]).length / truth.length;
}

/** Unweighted mean of each label's F1, so a rare label counts as much as a common one. A label never predicted nor present scores 0. */
export function macroF1<L extends string>(labels: readonly L[], truth: readonly L[], predicted: readonly L[]): number {
  const counts = confusionMatrix(labels, truth, predicted);
  const f1s = labels.map((_, k) => {
    const tp = counts[k][k];
    const predictedK = counts.reduce((sum, row) => sum + row[k], 0);
    const actualK = counts[k].reduce((a, b) => a + b, 0);
    return predictedK + actualK === 0 ? 0 : (2 * tp) / (predictedK + actualK);
  });
  return f1s.reduce((a, b) => a + b, 0) / labels.length;
}

export function meanAbsoluteError(expected: readonly number[], actual: readonly number[]): number {
  return expected.reduce((sum, e, i) => sum + Math.abs(e - actual[i]), 0) / expected.length;
}
