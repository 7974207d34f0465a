/**
 * The backup commands as an operator runs them: `npm run <script> -- …` in a
 * child process, with only the settings the test gives (nothing leaks in from
 * the shell that runs jest), and what it printed and its exit code.
 */
import { spawn } from 'node:child_process';
import { CONFIG_VARIABLES } from '@jm/platform';
import { ROOT } from '../support/service-process';

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runNpmScript(script: string, args: string[], env: Record<string, string>): Promise<ScriptRun> {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete base[name];
  const child = spawn('npm', ['run', '-s', script, '--', ...args], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}
