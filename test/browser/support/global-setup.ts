/**
 * Starts the stack once for the whole run and hands the tests its URL and the
 * admin credentials in JM_BROWSER_STACK (the workers inherit the environment);
 * the returned function stops it when the run ends.
 */
import { startStack } from './stack';

export const STACK_ENV = 'JM_BROWSER_STACK';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const stack = await startStack();
  const { stop, ...info } = stack;
  process.env[STACK_ENV] = JSON.stringify(info);
  return stop;
}
