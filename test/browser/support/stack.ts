/**
 * The whole platform for a browser test run: `node scripts/start.js --no-build`
 * (the built JS in dist/ and dist/console-web, as npm start runs it) on a
 * temporary DATA_DIR, free ports and secrets of its own, so it never meets a
 * running npm start or .data/. Resolves once the console listens, with its URL
 * and the admin one-time passwords the console prints on its first start.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort, spawnStart } from '../../../scripts/start-process';

export const ROOT = resolve(__dirname, '..', '..', '..');
const CONSOLE_MAIN = join(ROOT, 'dist', 'services', 'console', 'src', 'main.js');
const START_TIMEOUT_MS = 180_000;

export interface AdminCredentials {
  username: string;
  password: string;
}

export interface StackInfo {
  baseURL: string;
  /** One per top office, from the console's first start (a one-time password: the first sign-in must change it). */
  admins: AdminCredentials[];
  dataDir: string;
  log: string;
}

export interface RunningStack extends StackInfo {
  stop(): Promise<void>;
}

export async function startStack(): Promise<RunningStack> {
  if (!existsSync(join(ROOT, 'dist', 'services', 'intake', 'src', 'main.js')))
    throw new Error('dist/ has no build: run `npm run build && npm run console:build` first (npm test does)');
  if (!existsSync(CONSOLE_MAIN))
    throw new Error(
      `the console service is not built (${CONSOLE_MAIN} is missing): services/console/src/main.ts must exist and \`npm run build\` have run`,
    );
  const dataDir = mkdtempSync(join(tmpdir(), 'jm-browser-'));
  const ports = {
    console: await freePort(),
    intake: await freePort(),
    cases: await freePort(),
    notifications: await freePort(),
    reporting: await freePort(),
  };
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  const log = join(ROOT, 'reports', 'browser-stack.log');
  const logFile = createWriteStream(log);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    JWT_SECRET: randomBytes(32).toString('base64url'),
    KEY_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    LOG_FORMAT: 'json',
    CONSOLE_PORT: String(ports.console),
    INTAKE_PORT: String(ports.intake),
    CASES_PORT: String(ports.cases),
    NOTIFICATIONS_PORT: String(ports.notifications),
    REPORTING_PORT: String(ports.reporting),
    // Every story signs in from 127.0.0.1: the per-address limit (30 a minute) would throttle the run, not a person.
    CONSOLE_SIGN_IN_PER_MINUTE: '600',
  };
  for (const name of [
    'SQLITE_PATH',
    'READ_MODEL_SQLITE_PATH',
    'EVIDENCE_DIR',
    'CONSOLE_INTAKE_URL',
    'CONSOLE_CASES_URL',
    'CONSOLE_NOTIFICATIONS_URL',
    'CONSOLE_REPORTING_URL',
  ])
    delete env[name];
  const started = spawnStart(env, { build: false, onOutput: (_output, chunk) => logFile.write(chunk) });
  const stop = async (): Promise<void> => {
    await started.stop();
    logFile.end();
    if (!process.env.KEEP_BROWSER_DATA) rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  let baseURL: string | undefined;
  while (!baseURL) {
    const output = started.output();
    baseURL = /^console +\| console listening on (http:\/\/\S+)$/m.exec(output)?.[1];
    if (baseURL && !output.includes('all four services are up')) baseURL = undefined;
    if (started.child.exitCode !== null || Date.now() > deadline) {
      const why = started.child.exitCode === null ? 'timed out' : `exit ${started.child.exitCode}`;
      await stop();
      throw new Error(`the stack did not start (${why}); log: ${log}\n${output.slice(-3000)}`);
    }
    if (!baseURL) await new Promise((r) => setTimeout(r, 200));
  }
  const admins = new Map<string, string>();
  for (const match of started.output().matchAll(/first start: admin account (\S+) one-time password: (\S+)/g)) admins.set(match[1], match[2]);
  return { baseURL, admins: [...admins].map(([username, password]) => ({ username, password })), dataDir, log, stop };
}
