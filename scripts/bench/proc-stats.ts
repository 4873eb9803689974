// CPU time and memory of a process from Linux /proc (no cooperation from the process needed).
import { readdirSync, readFileSync } from 'node:fs';

/** Kernel clock ticks per second: 100 on every mainstream Linux build (sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS = 100;

export interface ProcSample {
  cpuS: number;
  rssMb: number;
  peakRssMb: number;
}

/** utime + stime (fields 14 and 15 of /proc/<pid>/stat) and VmRSS / VmHWM (the peak) of /proc/<pid>/status; null once gone. */
export function sampleProcess(pid: number): ProcSample | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuS: ticks / CLOCK_TICKS, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/**
 * CPU seconds of every PostgreSQL process on this machine (backends, background workers, the postmaster), plus
 * what its exited children used (cutime + cstime: backends come and go within a window). Null when there is none.
 * The machine's PostgreSQL serves the bench alone while it runs, so the difference over a window is its cost.
 */
export function postgresCpuS(): number | null {
  let ticks = 0;
  let found = false;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (name !== 'postgres' && !name.startsWith('postgres:')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
      found = true;
    } catch {
      // Gone while we looked.
    }
  }
  return found ? ticks / CLOCK_TICKS : null;
}
