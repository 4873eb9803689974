// Keeps src/core vendor-free (ARCHITECTURE principle 1): no vendor imports, no vendor words.
const { readdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const banned = /from ['"](@slack\/|botbuilder|bullmq|ioredis|typeorm|express|openai|pg|better-sqlite3|pino|ws)/;
const words = /\b(thread_ts|blocks|Activity)\b/;
const problems = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts')) {
      readFileSync(p, 'utf8').split('\n').forEach((line, i) => {
        if (banned.test(line) || words.test(line)) problems.push(`${p}:${i + 1}: ${line.trim()}`);
      });
    }
  }
};
walk(join(__dirname, '..', 'src', 'core'));
if (problems.length) {
  console.error(`src/core must not use vendor libraries or words:\n${problems.join('\n')}`);
  process.exit(1);
}
