/**
 * 打开控制台 → 登录页（中文）: the console answers at its URL, sends a person who
 * is not signed in to the sign-in page, and that page is in Chinese.
 */
import { expect, shot, test } from './support/fixtures';

test('打开控制台：未登录时显示中文登录页', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expect(page.getByLabel('用户名')).toBeVisible();
  await expect(page.getByLabel('密码', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /登\s*录/ })).toBeVisible();
  await shot(page, 'sign-in');
});
