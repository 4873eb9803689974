// What a design under test (our bot, or the naive baseline) offers the scenario, and the world it runs in.
import type { Simulator } from '../../adapters/convrs/simulator';
import type { FakeSlack } from '../../test/fakes/slack-api';
import type { BenchChild } from './children';
import type { BenchDatabase } from './infra';
import type { SupervisionPlan } from './plan';
import type { BenchChat } from './traffic';

export interface World {
  slack: FakeSlack;
  sim: Simulator;
  convrsToken: string;
  webhookSecret: string;
}

export interface SystemUnderTest {
  label: 'ours' | 'baseline';
  database?: BenchDatabase;
  /** Origins the simulator's webhook deliveries are spread over (one per web process). */
  webhookBackends: string[];
  /** False when nothing processes the events (ours with --workers 0): only intake is measured. */
  mirrors: boolean;
  /** Its processes, measured through /proc. */
  children: BenchChild[];
  /** Makes the plan's supervision happen; `complete: false` when the threads were not all ready in time. */
  setup(plan: SupervisionPlan, chats: BenchChat[]): Promise<{ complete: boolean }>;
  /** Scorer runs seen in the logs, and how many of them used a model (not the offline lexicon). */
  scorerRuns(): { runs: number; modelRuns: number };
  stop(): Promise<void>;
}
