/**
 * A service as a real process, started the way a person starts it but from
 * the TypeScript sources (@swc-node/register honours the tsconfig paths, so
 * @jm/<lib> resolves to libs/<lib>/src like register-paths.js does for dist/).
 * Nothing leaks in from the shell that runs jest: the caller decides every setting.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ServiceName } from '@jm/bus';
import { CONFIG_VARIABLES } from '@jm/platform';
import { TEST_SECURITY_ENV } from '@jm/platform/testing';
import { pollUntil } from '@jm/testing';

export const ROOT = resolve(__dirname, '..', '..');

export interface RunningService {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const SERVICE_NODE_ARGS = JSON.parse(readFileSync(join(ROOT, 'scripts', 'service-node-args.json'), 'utf8')) as Record<ServiceName, string[]>;

export function startServiceProcess(
  service: ServiceName,
  env: Record<string, string>,
  entry = join('services', service, 'src', 'main.ts'),
): RunningService {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete base[name];
  // The service's own Node flags, as scripts/start.js gives them, then any diagnostics flags asked for
  // (JM_SERVICE_NODE_FLAGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof": flags NODE_OPTIONS does not allow).
  const extra = (process.env.JM_SERVICE_NODE_FLAGS ?? '').split(' ').filter((flag) => flag !== '');
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS[service], ...extra, '-r', '@swc-node/register', entry], {
    cwd: ROOT,
    env: { ...base, ...TEST_SECURITY_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolveExit) =>
    child.on('exit', (code, signal) => resolveExit({ code, signal })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** The URL the service printed once listening; fails with its output if it exits first. */
export async function listeningUrl(running: RunningService, service: ServiceName, timeoutMs = 30000): Promise<string> {
  return pollUntil(
    () => {
      if (running.child.exitCode !== null)
        throw new Error(`${service} exited with ${running.child.exitCode}:\n${running.stderr()}\n${running.stdout().slice(-4000)}`);
      return new RegExp(`^${service} listening on (http://\\S+)$`, 'm').exec(running.stdout())?.[1];
    },
    { timeoutMs, what: `${service} to listen` },
  );
}

/** A failed test must not leave a process behind. */
export async function killAll(started: RunningService[]): Promise<void> {
  for (const running of started) {
    if (running.child.exitCode === null && running.child.signalCode === null) running.child.kill('SIGKILL');
  }
  await Promise.all(started.map((running) => running.exited));
}
