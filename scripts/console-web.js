#!/usr/bin/env node
/**
 * The console's web app (services/console/web):
 * - `node scripts/console-web.js types`: dump each service's OpenAPI document
 *   (scripts/openapi-dump.ts) and generate the web app's API types from them
 *   with openapi-typescript (services/console/web/src/api/<service>.d.ts);
 * - `check`: type-check the web app against those types (tsc, its own tsconfig);
 * - `build`: types, check, then vite's production build into dist/console-web,
 *   which the console service serves.
 * A contract change in a service thus breaks `build` (and npm test) instead of a screen.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const WEB = path.join(ROOT, 'services/console/web');
const API = path.join(WEB, 'src/api');
const SERVICES = ['intake', 'cases', 'notifications', 'reporting'];

function run(label, args) {
  const started = Date.now();
  const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write(`console-web: ${label} failed (exit ${result.status ?? result.signal})\n`);
    process.exit(1);
  }
  process.stdout.write(`console-web: ${label} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
}

const bin = (pkg, file) => path.join(ROOT, 'node_modules', pkg, file);

function types() {
  run('OpenAPI documents', ['-r', '@swc-node/register', path.join(ROOT, 'scripts/openapi-dump.ts'), '--out', path.join(API, 'openapi')]);
  for (const service of SERVICES) {
    run(`API types of ${service}`, [
      bin('openapi-typescript', 'bin/cli.js'),
      path.join(API, 'openapi', `${service}.json`),
      '-o',
      path.join(API, `${service}.d.ts`),
      '--silent',
    ]);
  }
}

function check() {
  run('type-check', [bin('typescript', 'bin/tsc'), '-p', path.join(WEB, 'tsconfig.json')]);
}

function build() {
  types();
  check();
  run('vite build -> dist/console-web', [bin('vite', 'bin/vite.js'), 'build', '--logLevel', 'warn', WEB]);
}

const commands = { types, check, build };
const command = process.argv[2];
if (!commands[command]) {
  process.stderr.write(`usage: node scripts/console-web.js ${Object.keys(commands).join('|')}\n`);
  process.exit(2);
}
commands[command]();
