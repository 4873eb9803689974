// Keeps src/core vendor-free (ARCHITECTURE principle 1): no vendor imports, no vendor words. And adapters hand work to
// the core's ports (src/core/intake.ts), never to the job system (src/workers) or the database (src/persistence).
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const banned = /from ['"](@slack\/|botbuilder|bullmq|ioredis|typeorm|express|openai|pg|better-sqlite3|pino|ws)/;
const words = /\b(thread_ts|blocks|Activity)\b/;
const infrastructure = /from ['"](\.\.\/)+src\/(workers|persistence)\//;
const problems = [];
const walk = (dir, bad) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, bad);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
      readFileSync(p, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const why = bad(line);
          if (why) problems.push(`${p}:${i + 1}: ${why}: ${line.trim()}`);
        });
    }
  }
};
const root = join(__dirname, '..');
walk(join(root, 'src', 'core'), (line) =>
  banned.test(line) || words.test(line) ? 'src/core must not use vendor libraries or words' : null,
);
walk(join(root, 'adapters'), (line) =>
  infrastructure.test(line) ? 'adapters must hand work to core ports, not import src/workers or src/persistence' : null,
);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
