#!/usr/bin/env node
// `npm start`, `npm run migrate`, `npm run purge`: run a compiled entry from dist/ (what `npm run build` wrote) in
// this process. Refuses with a plain message when it is not built; warns when a source file changed after the build.
// Usage: node scripts/run-dist.js src/main.js
'use strict';
const { existsSync, readdirSync, statSync } = require('node:fs');
const { join, relative } = require('node:path');

const root = join(__dirname, '..');
const dist = join(root, 'dist');
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run-dist.js <entry under dist/, e.g. src/main.js>');
  process.exit(2);
}
const target = join(dist, entry);
if (!existsSync(target)) {
  console.error(
    `${relative(process.cwd(), target) || target} is missing: this command runs the compiled JavaScript. ` +
      'Run `npm run build` first (or the TypeScript directly: `npm run start:dev`, `migrate:dev`, `purge:dev`).',
  );
  process.exit(1);
}

// Every compiled file whose TypeScript source is newer than it (a pull or an edit since the last build).
function staleSources() {
  const stale = [];
  const walk = (dir) => {
    let names;
    try {
      names = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const d of names) {
      const out = join(dir, d.name);
      if (d.isDirectory()) walk(out);
      else if (d.name.endsWith('.js')) {
        const src = join(root, relative(dist, out)).replace(/\.js$/, '.ts');
        try {
          if (statSync(src).mtimeMs > statSync(out).mtimeMs) stale.push(relative(root, src));
        } catch {
          /* no source here */
        }
      }
    }
  };
  for (const top of ['src', 'adapters', 'migrations']) walk(join(dist, top));
  return stale;
}
const stale = staleSources();
if (stale.length) {
  console.error(
    `warning: dist/ is older than ${stale.length} source file(s) (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}): ` +
      'this runs the code of the last `npm run build`. Run `npm run build` to run the current code.',
  );
}
require(target);
