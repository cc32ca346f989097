#!/usr/bin/env node
// Copies the OpenMoji symbols Our Voice uses from the npm package in
// tools/node_modules/openmoji into assets/symbols/openmoji: the colour SVGs
// (without the brand logos and skin-tone variants), data/openmoji.json and
// the licence. Safe to run again.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const from = path.join(root, 'tools', 'node_modules', 'openmoji');
const to = path.join(root, 'assets', 'symbols', 'openmoji');
const version = require(path.join(from, 'package.json')).version;

const data = JSON.parse(fs.readFileSync(path.join(from, 'data', 'openmoji.json'), 'utf8'));
const kept = data.filter(
  (e) => e.group !== 'brand' && e.subgroups !== 'brand' && !e.skintone && e.group !== 'component',
);

fs.mkdirSync(path.join(to, 'svg'), { recursive: true });
for (const entry of kept) {
  const name = `${entry.hexcode}.svg`;
  const source = path.join(from, 'color', 'svg', name);
  if (fs.existsSync(source)) fs.copyFileSync(source, path.join(to, 'svg', name));
}
fs.copyFileSync(path.join(from, 'data', 'openmoji.json'), path.join(to, 'openmoji.json'));
fs.copyFileSync(path.join(from, 'LICENSE.txt'), path.join(to, 'LICENSE.txt'));
fs.writeFileSync(
  path.join(to, 'PROVENANCE.md'),
  `# OpenMoji ${version}\n\nFrom the npm package \`openmoji@${version}\` (https://openmoji.org),\n` +
    'CC BY-SA 4.0. Copied by `scripts/import-openmoji.js`: colour SVGs without\n' +
    'the brand group and skin-tone variants, and `data/openmoji.json`.\n',
);
fs.writeFileSync(path.join(to, 'VERSION'), `${version}\n`);
console.log(`OpenMoji ${version}: ${kept.length} symbols copied to ${path.relative(root, to)}`);
