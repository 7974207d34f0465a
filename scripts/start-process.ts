/**
 * `npm start` (scripts/start.js) as a child process of a tool or a test run
 * (npm run fuzz, the browser tests' stack): started on the environment given,
 * its output collected, stopped with SIGTERM. Also a free loopback port.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');

export interface StartProcess {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr as they came. */
  output(): string;
  exited: Promise<void>;
  /** SIGTERM (start.js stops its children gracefully) and wait for the exit. */
  stop(): Promise<void>;
}

export function spawnStart(env: NodeJS.ProcessEnv, options: { build: boolean; onOutput?: (output: string, chunk: Buffer) => void }): StartProcess {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.js'), ...(options.build ? [] : ['--no-build'])], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output += chunk.toString();
    options.onOutput?.(output, chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    child,
    output: () => output,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}
