/**
 * The federated deployments of a browser story (test/browser/negotiations.spec.ts): fed-deployments.ts run as a
 * child process under @swc-node/register (the way test/support/service-process.ts runs the services), its output
 * in reports/fed-stack.log. Resolves once it printed its READY line; stop() ends it (it stops its own services,
 * drops its databases and topics) and waits for it, killing it only if it hangs.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FedPlan, FedStackInfo } from './fed-deployments';
import { ROOT } from './stack';

const READY_LINE = 'FED-STACK-READY ';
const START_TIMEOUT_MS = 240_000;

export interface RunningFederation extends FedStackInfo {
  log: string;
  stop(): Promise<void>;
}

export async function startFederation(plan: FedPlan): Promise<RunningFederation> {
  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  const log = join(ROOT, 'reports', 'fed-stack.log');
  const logFile = createWriteStream(log);
  const child: ChildProcess = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'fed-deployments.ts'), JSON.stringify(plan)], {
    cwd: ROOT,
    env: process.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    logFile.write(chunk);
  });
  child.stderr?.on('data', (chunk: Buffer) => logFile.write(chunk));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    }
    logFile.end();
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const line = output.split('\n').find((l) => l.startsWith(READY_LINE));
    if (line) return { ...(JSON.parse(line.slice(READY_LINE.length)) as FedStackInfo), log, stop };
    if (child.exitCode !== null || Date.now() > deadline) {
      const why = child.exitCode === null ? 'timed out' : `exit ${child.exitCode}`;
      await stop();
      throw new Error(`the federated deployments did not start (${why}); log: ${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
