/**
 * What every browser story uses: `import { test, expect } from './support/fixtures'`.
 * - baseURL: the console of the stack global-setup.ts started; `stack.admins`: the
 *   first start's admin accounts and one-time passwords.
 * - A guard that fails the test on any error in the browser console or any
 *   uncaught page error (the issue asks for a run without console errors).
 * - shot(page, name): reports/screens/<name>.png at the viewport (1366×768).
 * - signIn(page, username, password): through the sign-in page, by its labels.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, Page, test as base } from '@playwright/test';
import { ROOT, StackInfo } from './stack';
import { STACK_ENV } from './global-setup';

export const SCREENS_DIR = join(ROOT, 'reports', 'screens');

export function stackInfo(): StackInfo {
  const raw = process.env[STACK_ENV];
  if (!raw) throw new Error(`${STACK_ENV} is not set: run the browser tests with \`npx playwright test\` (its global setup starts the stack)`);
  return JSON.parse(raw) as StackInfo;
}

export async function shot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true });
  const path = join(SCREENS_DIR, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

/** Signs in on /sign-in with the form's labelled fields (用户名, 密码) and its 登录 button. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** Collects the page's console errors and uncaught errors (the guard of every story's pages). */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}

export const test = base.extend<{ stack: StackInfo; consoleErrors: string[] }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a function needs from its first parameter
  baseURL: async ({}, use) => use(stackInfo().baseURL),
  // eslint-disable-next-line no-empty-pattern
  stack: async ({}, use) => use(stackInfo()),
  consoleErrors: [
    async ({ page }, use) => {
      const errors = watchConsole(page);
      await use(errors);
      expect(errors, 'the browser console showed errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
