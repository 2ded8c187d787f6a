#!/usr/bin/env node
// Some registries serve only the platform packages of the machine that installs, so `npm install`
// leaves the other platforms' optional packages (swc, resolver bindings) out of package-lock.json,
// and `npm ci` then refuses the lock file as out of sync. This adds an entry for each missing
// optional package; npm skips them on install as optional packages it cannot or need not fetch.
// Run `npm run lockfile:fix` after changing dependencies.
'use strict';
const { readFileSync, writeFileSync } = require('node:fs');

const path = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(path, 'utf8'));
const packages = lock.packages;
let added = 0;
for (const [location, entry] of Object.entries({ ...packages })) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ''}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    packages[`node_modules/${name}`] = { version, ...(entry.dev ? { dev: true } : {}), optional: true };
    added += 1;
  }
}
const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(path, JSON.stringify(lock, null, 2) + '\n');
console.log(`lockfile: added ${added} optional platform package entr${added === 1 ? 'y' : 'ies'}`);
