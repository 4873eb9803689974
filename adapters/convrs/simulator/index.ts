// The Convrs simulator: a fake Convrs speaking our profile, for the demo, the tests and the benchmark.
export { startSimulator, type Simulator, type SimulatorControl, type SimulatorOptions } from './server';
export type { FailMode } from './commands';
export type { DeliveryStats } from './delivery';
export type { StartChatOptions, TransferTarget } from './ops';
export {
  buildPopulation,
  mulberry32,
  DEFAULT_BUSINESS_UNITS,
  type Population,
  type PopulationOptions,
} from './population';
export { formatTs, parseTs, SimState } from './state';
export type { TrafficGenerator, TrafficOptions } from './traffic';
export { DEFAULT_MOOD_MIX, type MoodMix } from './script';
export type * from './types';
