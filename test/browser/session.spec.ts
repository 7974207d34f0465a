/**
 * 会话过期: while a person works, their session ends on the server (here an admin
 * revokes it, as the idle timeout would); the next thing they do tells them
 * 会话已过期，请重新登录 and brings them to the sign-in page, which returns them
 * to where they were once they sign in again.
 */
import { accountId, apiAs, ensureAdmin, ensurePeople, STORY_PASSWORD } from './support/accounts';
import { expect, shot, test } from './support/fixtures';

const PERSON = { username: 'story-session-xu', displayName: '许会话', agency: 'lc-st-haibin', roles: ['street_officer'] };

test('会话在服务端结束 → 下一次操作提示“会话已过期，请重新登录” → 回到登录页 → 重新登录后回到原页面', async ({ page, browser, consoleErrors }) => {
  await ensurePeople(browser, [PERSON]);
  await page.goto('/sign-in');
  await page.getByLabel('用户名').fill(PERSON.username);
  await page.getByLabel('密码', { exact: true }).fill(STORY_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByRole('main')).toContainText('本单位待办');
  await page.getByRole('menuitem', { name: /^(file-search )?线索$/ }).click();
  await expect(page).toHaveURL(/\/leads$/);

  // The admin ends every session of the account (what the idle timeout does after CONSOLE_SESSION_IDLE_MINUTES).
  const { api, csrf } = await apiAs(await ensureAdmin(browser));
  const revoked = await api.post(`/admin/accounts/${accountId(PERSON.username)}/revoke-sessions`, { headers: { 'x-csrf-token': await csrf() } });
  expect(revoked.status()).toBe(204);
  await api.dispose();

  // The next call answers 401 and the page says why, in Chinese, then shows the sign-in page. That call is the
  // click below, or the open list's own refresh when it comes first (then the menu is already gone).
  await page
    .getByRole('menuitem', { name: /案件/ })
    .click({ timeout: 3_000 })
    .catch(() => undefined);
  await expect(page.getByText('会话已过期，请重新登录')).toBeVisible();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByLabel('用户名')).toBeVisible();
  await shot(page, '40-session-expired');

  await page.getByLabel('用户名').fill(PERSON.username);
  await page.getByLabel('密码', { exact: true }).fill(STORY_PASSWORD);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  // Back where the 401 met them: the cases list after the click, the leads list after the refresh.
  await expect(page).toHaveURL(/\/(cases|leads)$/);

  // The 401 answers this story provokes on purpose (Chromium logs each as a console error).
  const provoked = (e: string): boolean => e.includes('status of 401');
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !provoked(e)));
});
