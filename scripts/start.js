#!/usr/bin/env node
/**
 * `npm start`: build once, then run the four services as separate Node processes
 * in the embedded mode (one SQLite event store file under .data/, embedded bus).
 *
 * - Output of each child is prefixed with its name.
 * - Ports: INTAKE_PORT, CASES_PORT, NOTIFICATIONS_PORT, REPORTING_PORT (passed to
 *   the child as PORT); every other variable (LOG_LEVEL, SQLITE_PATH, ...) is
 *   passed through unchanged, see docs/configuration.md.
 * - SIGINT/SIGTERM are forwarded to the children; we wait for all of them and
 *   exit 0 only if each exited 0. If one dies on its own, the others are stopped
 *   and we exit 1.
 * - `--no-build` skips the build (dist/ must exist).
 * - DATA_DIR (default .data): where the event store, the read models and the
 *   evidence go unless SQLITE_PATH, READ_MODEL_SQLITE_PATH or EVIDENCE_DIR say
 *   otherwise; `npm run fuzz` points it at a temporary directory.
 * - Secrets: JWT_SECRET and KEY_ENCRYPTION_KEY from the environment, or else
 *   generated once into .data/secrets.json (see scripts/secrets.js); mint
 *   tokens with `npm run token`.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { ensureDataDir, securityEnv } = require('./secrets.js');

const ROOT = path.resolve(__dirname, '..');
// Each service's Node flags (scripts/service-node-args.json, shared with the tests' and benchmarks' launcher).
const NODE_ARGS = require('./service-node-args.json');
const SERVICES = [
  { name: 'intake', defaultPort: 3001 },
  { name: 'cases', defaultPort: 3002 },
  { name: 'notifications', defaultPort: 3003 },
  { name: 'reporting', defaultPort: 3004 },
].map((service) => ({ ...service, nodeArgs: NODE_ARGS[service.name] }));
const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m'];
const RESET = '\x1b[0m';
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const width = Math.max(...SERVICES.map((s) => s.name.length));
// The children get SHUTDOWN_TIMEOUT_MS to stop; after that plus a margin we stop waiting.
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS) || 10000;

function say(line) {
  process.stdout.write(`[start] ${line}\n`);
}

function build() {
  if (process.argv.includes('--no-build')) return;
  say('building: tsc -p tsconfig.build.json');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    say(`build failed (exit ${result.status ?? result.signal}); not starting`);
    process.exit(1);
  }
}

function portOf(service) {
  const variable = `${service.name.toUpperCase()}_PORT`;
  const value = process.env[variable];
  return value === undefined || value === '' ? String(service.defaultPort) : value;
}

const DATA_DIR = process.env.DATA_DIR || '.data';

// The data files' defaults inside DATA_DIR; a variable given explicitly wins (each service has its own read model).
function dataEnv(service) {
  const defaults = {
    SQLITE_PATH: path.join(DATA_DIR, 'events.sqlite'),
    READ_MODEL_SQLITE_PATH: path.join(DATA_DIR, `${service.name}-read.sqlite`),
    EVIDENCE_DIR: path.join(DATA_DIR, 'evidence'),
  };
  return Object.fromEntries(Object.entries(defaults).filter(([name]) => !process.env[name]));
}

function childEnv(service) {
  // JWT secret and key-encryption key: from the environment, else this installation's own .data/secrets.json.
  const env = { ...process.env, ...securityEnv(process.env), ...dataEnv(service), PORT: portOf(service) };
  for (const s of SERVICES) delete env[`${s.name.toUpperCase()}_PORT`];
  delete env.DATA_DIR;
  return env;
}

function prefixLines(stream, prefix, out, onLine = () => {}) {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    out.write(`${prefix} ${line}\n`);
    onLine(line);
  });
}

function main() {
  build();
  // The services' data is this user's alone: DATA_DIR 0700, and what the services write there 0600 (they set umask 077).
  ensureDataDir(path.resolve(ROOT, DATA_DIR));

  let stopping = false;
  let failed = false;
  const running = new Map();
  const listening = new Map();

  const stopAll = (signal) => {
    if (stopping) return;
    stopping = true;
    say(`stopping all services (${signal})`);
    for (const child of running.values()) child.kill(signal);
    setTimeout(() => {
      for (const [name, child] of running) {
        say(`${name} did not stop in time; killing it`);
        child.kill('SIGKILL');
      }
    }, shutdownTimeoutMs + 5000).unref();
  };

  SERVICES.forEach((service, index) => {
    const tag = service.name.padEnd(width);
    const prefix = useColor ? `${COLORS[index]}${tag} |${RESET}` : `${tag} |`;
    const main = path.join('dist', 'services', service.name, 'src', 'main.js');
    const child = spawn(process.execPath, [...(service.nodeArgs ?? []), '-r', './scripts/register-paths.js', main], {
      cwd: ROOT,
      env: childEnv(service),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.set(service.name, child);
    const listeningLine = new RegExp(`^${service.name} listening on (\\S+)$`);
    prefixLines(child.stderr, prefix, process.stderr);
    prefixLines(child.stdout, prefix, process.stdout, (line) => {
      const match = listeningLine.exec(line);
      if (!match || listening.has(service.name)) return;
      listening.set(service.name, match[1]);
      if (listening.size === SERVICES.length) {
        say('all four services are up:');
        for (const s of SERVICES) say(`  ${s.name.padEnd(width)}  ${listening.get(s.name)}`);
        say('Ctrl-C stops them');
      }
    });
    child.on('exit', (code, signal) => {
      running.delete(service.name);
      const clean = code === 0;
      if (!clean) failed = true;
      say(`${service.name} exited (${signal ? `signal ${signal}` : `code ${code}`})`);
      if (!stopping) {
        // A service that dies on its own takes the others down: a half-running system hides the failure.
        failed = true;
        stopAll('SIGTERM');
      }
      if (running.size === 0) process.exit(failed ? 1 : 0);
    });
  });

  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
}

main();
