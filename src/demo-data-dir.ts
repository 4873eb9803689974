// Where a demo run keeps its SQLite file and log: ./data, or a folder of its own when another demo runs there now
// (two demos side by side, e.g. one as each demo user, must not wipe each other's database at start).
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Claims `base` for this process, or a subfolder `demo-<pid>` of it when a live demo holds it. */
export function claimDemoDataDir(base: string): { dir: string; shared: boolean; release(): void } {
  mkdirSync(base, { recursive: true });
  const lock = join(base, 'demo.pid');
  const holder = existsSync(lock) ? Number(readFileSync(lock, 'utf8').trim()) : NaN;
  if (Number.isInteger(holder) && holder !== process.pid && alive(holder)) {
    const dir = join(base, `demo-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    return { dir, shared: true, release: () => rmSync(dir, { recursive: true, force: true }) };
  }
  writeFileSync(lock, String(process.pid));
  return { dir: base, shared: false, release: () => rmSync(lock, { force: true }) };
}
