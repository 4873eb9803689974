// Resource use over the measured window: CPU of each process, Redis commands, peak memory at the end.
import { redisCommandsProcessed, type BenchRedis } from './infra';
import { postgresCpuS, sampleProcess, type ProcSample } from './proc-stats';
import type { SystemUnderTest } from './system';

export interface Window {
  before: { at: number; redisOps: number; cpu: Record<string, number>; benchCpu: NodeJS.CpuUsage };
  after: {
    at: number;
    redisOps: number;
    cpu: Record<string, number>;
    benchCpu: NodeJS.CpuUsage;
    memory: Record<string, ProcSample | null>;
  };
}

/** The design's processes by name, plus our private redis-server when there is one. */
function pidsOf(system: SystemUnderTest, redis: BenchRedis): Record<string, number> {
  return {
    ...Object.fromEntries(system.children.map((c) => [c.o.name, c.pid])),
    ...(redis.pid ? { redis: redis.pid } : {}),
  };
}

const cpuOf = (pids: Record<string, number>) => {
  const pg = postgresCpuS();
  return {
    ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, sampleProcess(pid)?.cpuS ?? 0])),
    ...(pg === null ? {} : { postgresql: pg }),
  };
};

export async function resourcesBefore(system: SystemUnderTest, redis: BenchRedis): Promise<Window['before']> {
  return {
    at: Date.now(),
    redisOps: await redisCommandsProcessed(redis.url),
    cpu: cpuOf(pidsOf(system, redis)),
    benchCpu: process.cpuUsage(),
  };
}

export async function resourcesAfter(
  system: SystemUnderTest,
  redis: BenchRedis,
  before: Window['before'],
  at: number,
): Promise<Window['after']> {
  return {
    at,
    redisOps: await redisCommandsProcessed(redis.url),
    cpu: cpuOf(pidsOf(system, redis)),
    benchCpu: process.cpuUsage(before.benchCpu),
    memory: Object.fromEntries(system.children.map((c) => [c.o.name, c.sample()])),
  };
}
