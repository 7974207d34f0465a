#!/usr/bin/env node
/**
 * `npm start`: build once (the services with tsc, the console's web app with
 * scripts/console-web.js), then run the four services and the console as
 * separate Node processes in the embedded mode (one SQLite event store file
 * under .data/, embedded bus).
 *
 * - First a block with the console's URL (http://127.0.0.1:3000) and, on the
 *   first start, the admin accounts' one-time passwords the console prints;
 *   the children's output waits until the console listens (at most a minute).
 * - Output of each child is prefixed with its name.
 * - Ports: INTAKE_PORT, CASES_PORT, NOTIFICATIONS_PORT, REPORTING_PORT,
 *   CONSOLE_PORT (passed to the child as PORT); the console gets the four
 *   services' URLs (CONSOLE_<SERVICE>_URL). Every other variable (LOG_LEVEL,
 *   SQLITE_PATH, ...) is passed through unchanged, see docs/configuration.md.
 * - LOG_FORMAT: the children's output is piped, so they get `pretty` when this
 *   runs in a terminal and `json` otherwise, unless LOG_FORMAT is set.
 * - SIGINT/SIGTERM are forwarded to the children; we wait for all of them and
 *   exit 0 only if each exited 0. If one dies on its own, the others are stopped
 *   and we exit 1.
 * - `--no-build` skips the build (dist/ must exist; without dist/console-web the
 *   console answers a page saying to run `npm run console:build`).
 * - DATA_DIR (default .data): where the event store, the read models and the
 *   evidence go unless SQLITE_PATH, READ_MODEL_SQLITE_PATH or EVIDENCE_DIR say
 *   otherwise; `npm run fuzz` points it at a temporary directory.
 * - Secrets: JWT_SECRET and KEY_ENCRYPTION_KEY from the environment, or else
 *   generated once into .data/secrets.json (see scripts/secrets.js); mint
 *   tokens with `npm run token`.
 */
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
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
// The console (services/console): the web app and the gateway to the four services.
const CONSOLE = { name: 'console', defaultPort: 3000, nodeArgs: NODE_ARGS.console };
const CONSOLE_MAIN = path.join('dist', 'services', 'console', 'src', 'main.js');
// `[console] first start: admin account <username> one-time password: <password>`, printed once by the console.
const FIRST_START_LINE = /first start: admin account \S+ one-time password: \S+/;
const HOLD_OUTPUT_MS = 60000;
const COLORS = ['\x1b[36m', '\x1b[35m', '\x1b[33m', '\x1b[32m', '\x1b[34m'];
const RESET = '\x1b[0m';
const useColor = process.stdout.isTTY && !process.env.NO_COLOR;
const width = Math.max(...[...SERVICES, CONSOLE].map((s) => s.name.length));
// The children get SHUTDOWN_TIMEOUT_MS to stop; after that plus a margin we stop waiting.
const shutdownTimeoutMs = Number(process.env.SHUTDOWN_TIMEOUT_MS) || 10000;

function say(line) {
  process.stdout.write(`[start] ${line}\n`);
}

function build() {
  if (process.argv.includes('--no-build')) return;
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const steps = [
    ['tsc -p tsconfig.build.json', [tsc, '-p', 'tsconfig.build.json']],
    ['node scripts/console-web.js build (the console web app)', [path.join('scripts', 'console-web.js'), 'build']],
  ];
  for (const [label, args] of steps) {
    say(`building: ${label}`);
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) {
      say(`build failed (exit ${result.status ?? result.signal}); not starting`);
      process.exit(1);
    }
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

// The console reaches the four services on loopback, at the ports they were given (a URL set explicitly wins).
function consoleEnv() {
  const urls = {};
  for (const s of SERVICES) {
    const variable = `CONSOLE_${s.name.toUpperCase()}_URL`;
    if (!process.env[variable]) urls[variable] = `http://127.0.0.1:${portOf(s)}`;
  }
  return urls;
}

function childEnv(service) {
  // JWT secret and key-encryption key: from the environment, else this installation's own .data/secrets.json.
  const env = { ...process.env, ...securityEnv(process.env), ...dataEnv(service), PORT: portOf(service) };
  if (service === CONSOLE) Object.assign(env, consoleEnv());
  // Intake limits the public per client; the public comes through the console on loopback, which names the client.
  if (service.name === 'intake' && env.TRUSTED_PROXIES === undefined) env.TRUSTED_PROXIES = 'loopback';
  // The children write into a pipe: tell them whether their lines end up on a terminal.
  if (!env.LOG_FORMAT) env.LOG_FORMAT = process.stdout.isTTY ? 'pretty' : 'json';
  for (const s of [...SERVICES, CONSOLE]) delete env[`${s.name.toUpperCase()}_PORT`];
  delete env.DATA_DIR;
  return env;
}

/**
 * The children's output waits until the console listens (or exits, or a minute passed), so that the block with
 * the console's URL and the first start's passwords comes first, not lost among the services' start-up lines.
 */
function createHold(out) {
  let held = [];
  const hold = {
    write(stream, text) {
      if (held) held.push([stream, text]);
      else stream.write(text);
    },
    release(block) {
      if (!held) return;
      for (const line of block) out.write(`${line}\n`);
      const pending = held;
      held = undefined;
      for (const [stream, text] of pending) stream.write(text);
    },
  };
  return hold;
}

function consoleBlock(url, firstStartLines, consoleMissing) {
  const rule = '[start] ' + '─'.repeat(64);
  const lines = [rule];
  if (consoleMissing) lines.push(`[start]  the console is not built (${CONSOLE_MAIN} is missing); the four services run without it`);
  else lines.push(`[start]  控制台 console: ${url}`);
  for (const line of firstStartLines) lines.push(`[start]  ${line}`);
  if (firstStartLines.length > 0) lines.push('[start]  (shown this once: sign in with it and set your own password / 仅显示一次，请登录后修改密码)');
  lines.push(rule);
  return lines;
}

function prefixLines(stream, prefix, write, onLine = () => {}) {
  readline.createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    onLine(line);
    write(`${prefix} ${line}\n`);
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
  const withConsole = fs.existsSync(path.join(ROOT, CONSOLE_MAIN));
  const children = withConsole ? [...SERVICES, CONSOLE] : SERVICES;
  const hold = createHold(process.stdout);
  const firstStartLines = [];
  const consoleUrl = () => listening.get(CONSOLE.name) ?? `http://127.0.0.1:${portOf(CONSOLE)}`;
  const releaseOutput = () => hold.release(consoleBlock(consoleUrl(), firstStartLines, !withConsole));
  if (withConsole) setTimeout(releaseOutput, HOLD_OUTPUT_MS).unref();
  else releaseOutput();

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

  children.forEach((service, index) => {
    const tag = service.name.padEnd(width);
    const prefix = useColor ? `${COLORS[index]}${tag} |${RESET}` : `${tag} |`;
    const main = service === CONSOLE ? CONSOLE_MAIN : path.join('dist', 'services', service.name, 'src', 'main.js');
    const child = spawn(process.execPath, [...(service.nodeArgs ?? []), '-r', './scripts/register-paths.js', main], {
      cwd: ROOT,
      env: childEnv(service),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.set(service.name, child);
    const listeningLine = new RegExp(`^${service.name} listening on (\\S+)$`);
    prefixLines(child.stderr, prefix, (text) => hold.write(process.stderr, text));
    prefixLines(
      child.stdout,
      prefix,
      (text) => hold.write(process.stdout, text),
      (line) => {
        if (service === CONSOLE && FIRST_START_LINE.test(line)) firstStartLines.push(FIRST_START_LINE.exec(line)[0]);
        const match = listeningLine.exec(line);
        if (!match || listening.has(service.name)) return;
        listening.set(service.name, match[1]);
        if (service === CONSOLE) releaseOutput();
        if (children.every((s) => listening.has(s.name))) announce();
      },
    );
    child.on('exit', (code, signal) => {
      releaseOutput();
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

  let announced = false;
  function announce() {
    if (announced) return;
    announced = true;
    say(`all four services are up${withConsole ? ', and the console' : ''}:`);
    for (const s of children) say(`  ${s.name.padEnd(width)}  ${listening.get(s.name) ?? '(starting)'}`);
    if (withConsole) say(`open the console: ${consoleUrl()}`);
    say('Ctrl-C stops them');
  }

  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
}

main();
