// Layering (issue #15 point 4): adapters hand work to core ports, the Convrs event sink is a use case, and the workers
// apply stored neutral events without calling back into the Convrs parser.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
const importsOf = (p: string) => [...readFileSync(p, 'utf8').matchAll(/from ['"]([^'"]+)['"]/g)].map((m) => m[1]!);

it('no adapter imports the job system or the database (they use src/core/intake.ts and the other ports)', () => {
  const offenders = files(join(root, 'adapters')).filter((p) =>
    importsOf(p).some((i) => /\/src\/(workers|persistence)\//.test(i)),
  );
  expect(offenders.map((p) => p.slice(root.length + 1))).toEqual([]);
});

it('scripts/check-core-imports.js (run by npm run lint and .ci/run) passes', () => {
  expect(() => execFileSync('node', [join(root, 'scripts/check-core-imports.js')], { stdio: 'pipe' })).not.toThrow();
});

it('the workers never import the Convrs adapter; app.ts has no event sink of its own', () => {
  const offenders = files(join(root, 'src', 'workers')).filter((p) =>
    importsOf(p).some((i) => i.includes('adapters/')),
  );
  expect(offenders).toEqual([]);
  const app = readFileSync(join(root, 'src', 'app.ts'), 'utf8');
  expect(app).toContain('acceptPlatformEvents');
  expect(app).not.toMatch(/conversationOf|JSON\.stringify\(raw\)/);
});
