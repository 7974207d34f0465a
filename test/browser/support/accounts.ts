/**
 * The people of the stories. Accounts are made through the console's admin HTTP
 * API (with the admin's session and CSRF header); each account's first sign-in
 * and forced password change goes through the UI once. What was set up is kept
 * in <DATA_DIR>/browser-accounts.json, so every spec file of the run (and a
 * worker restarted after a failure) finds the same people with their passwords.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIRequestContext, Browser, BrowserContext, expect, Page, request as playwrightRequest } from '@playwright/test';
import { signIn, stackInfo, watchConsole } from './fixtures';

/** Every story account's password after its first sign-in (12+ characters, 4 classes, no username inside). */
export const STORY_PASSWORD = 'Quanzhou#2026-story';

export interface Person {
  username: string;
  displayName: string;
  agency: string;
  roles: string[];
}

export interface AccountView {
  id: string;
  username: string;
  agency: string;
  status: string;
}

/** A browser context as playwright.config.ts makes the test's own (new contexts do not inherit its `use`). */
export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: stackInfo().baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1366, height: 768 },
  });
}

type Book = Record<string, { password: string; id?: string }>;

function bookPath(): string {
  return join(stackInfo().dataDir, 'browser-accounts.json');
}

function readBook(): Book {
  return existsSync(bookPath()) ? (JSON.parse(readFileSync(bookPath(), 'utf8')) as Book) : {};
}

function remember(username: string, entry: { password: string; id?: string }): void {
  writeFileSync(bookPath(), JSON.stringify({ ...readBook(), [username]: entry }, null, 2));
}

/** The first sign-in with a one-time password: the console sends the person to 修改密码, which they fill in. */
export async function firstSignIn(page: Page, username: string, oneTimePassword: string, newPassword = STORY_PASSWORD): Promise<void> {
  await signIn(page, username, oneTimePassword);
  await expect(page).toHaveURL(/\/account\/password/);
  await expect(page.getByText('首次登录或密码已被重置')).toBeVisible();
  await page.getByLabel('当前密码').fill(oneTimePassword);
  await page.getByLabel('新密码', { exact: true }).fill(newPassword);
  await page.getByLabel('确认新密码').fill(newPassword);
  await page.getByRole('button', { name: /保\s*存/ }).click();
  await expect(page).not.toHaveURL(/\/account\/password/, { timeout: 15_000 });
}

/** A fresh browser context signed in as `username` (through the sign-in page), its console errors guarded. */
export async function signedInPage(browser: Browser, username: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const password = readBook()[username]?.password;
  if (!password) throw new Error(`${username} has not been set up: call ensurePeople first`);
  const context = await newContext(browser);
  const page = await context.newPage();
  const errors = watchConsole(page);
  await signIn(page, username, password);
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 15_000 });
  return { context, page, errors };
}

/** An HTTP client holding `username`'s session cookies; `csrf()` reads the double-submit token. */
export async function apiAs(
  username: string,
  password = readBook()[username]?.password,
): Promise<{ api: APIRequestContext; csrf: () => Promise<string> }> {
  const api = await playwrightRequest.newContext({ baseURL: stackInfo().baseURL });
  const answer = await api.post('/auth/sign-in', { data: { username, password } });
  expect(answer.status(), `sign-in of ${username}: ${await answer.text()}`).toBe(200);
  const csrf = async (): Promise<string> => {
    const cookie = (await api.storageState()).cookies.find((c) => c.name === 'jm_csrf');
    if (!cookie) throw new Error('no jm_csrf cookie after sign-in');
    return cookie.value;
  };
  return { api, csrf };
}

/** The province admin of the first start, its one-time password changed through the UI once per run. */
export async function ensureAdmin(browser: Browser): Promise<string> {
  const admin = stackInfo().admins.find((a) => a.username === 'fj-office-admin') ?? stackInfo().admins[0];
  if (!readBook()[admin.username]) {
    const context = await newContext(browser);
    const page = await context.newPage();
    await firstSignIn(page, admin.username, admin.password);
    await context.close();
    remember(admin.username, { password: STORY_PASSWORD });
  }
  return admin.username;
}

/** Creates (once per run) each person through the admin API, and signs each in for the first time through the UI. */
export async function ensurePeople(browser: Browser, people: Person[]): Promise<void> {
  const missing = people.filter((p) => !readBook()[p.username]);
  if (!missing.length) return;
  const { api, csrf } = await apiAs(await ensureAdmin(browser));
  for (const person of missing) {
    const created = await api.post('/admin/accounts', { data: person, headers: { 'x-csrf-token': await csrf() } });
    expect(created.status(), `creating ${person.username}: ${await created.text()}`).toBe(201);
    const { account, oneTimePassword } = (await created.json()) as { account: AccountView; oneTimePassword: string };
    const context = await newContext(browser);
    await firstSignIn(await context.newPage(), person.username, oneTimePassword);
    await context.close();
    remember(person.username, { password: STORY_PASSWORD, id: account.id });
  }
  await api.dispose();
}

/** Creates an account through the admin API without signing it in; returns its one-time password (stories of the first sign-in). */
export async function createFresh(browser: Browser, person: Person): Promise<{ account: AccountView; oneTimePassword: string }> {
  const { api, csrf } = await apiAs(await ensureAdmin(browser));
  const created = await api.post('/admin/accounts', { data: person, headers: { 'x-csrf-token': await csrf() } });
  expect(created.status(), `creating ${person.username}: ${await created.text()}`).toBe(201);
  const answer = (await created.json()) as { account: AccountView; oneTimePassword: string };
  await api.dispose();
  return answer;
}

export function accountId(username: string): string {
  const id = readBook()[username]?.id;
  if (!id) throw new Error(`no account id recorded for ${username}`);
  return id;
}

export function passwordOf(username: string): string {
  const password = readBook()[username]?.password;
  if (!password) throw new Error(`${username} has not been set up`);
  return password;
}
