/**
 * 停放事件: the top office's admin finds what the intake consumer parked (here written into intake's database as the
 * consumer writes it), inspects the error and the payload, replays one (重放), sees a replay that fails again
 * refused with the reason (the event stays parked), discards one with a reason (a reason is required), and finds
 * it under 已丢弃. The dead-letter tab answers too.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ensureAdmin, passwordOf } from './support/accounts';
import { expect, shot, test } from './support/fixtures';
import { choose } from './support/forms';

interface Parked {
  eventId: string;
  eventType: string;
}

/** Parks rows in intake's read-model database, as its consumer does after its handler kept failing. */
function parkInIntake(dataDir: string): { good: Parked; broken: Parked; unwanted: Parked } {
  const db = new Database(join(dataDir, 'intake-read.sqlite'), { timeout: 10_000 });
  const now = Date.now();
  const insert = db.prepare(
    `INSERT INTO bus_parked_events (consumer_group, event_id, event_type, stream_id, topic, source, position, payload_format, payload, error, attempts, parked_at, status)
     VALUES (?, ?, ?, ?, 'cases', 'embedded', ?, ?, ?, ?, ?, ?, 'parked')`,
  );
  const event = (type: string, at: number) => {
    const id = randomUUID();
    const stored = {
      id,
      type,
      schemaVersion: 1,
      streamId: `case-${randomUUID()}`,
      streamVersion: 0,
      position: at,
      data: { 说明: '浏览器用例' },
      time: new Date(at).toISOString(),
      correlationId: id,
      causationId: id,
      actor: { agency: 'lc-office', user: 'story' },
      prevHash: '',
      hash: 'ab',
      hashAlg: 'SM3',
    };
    insert.run(
      'intake',
      id,
      type,
      stored.streamId,
      at,
      'event',
      JSON.stringify(stored),
      'Error: 处理程序失败（数据库暂不可用）\n    at handler',
      5,
      new Date(at).toISOString(),
    );
    return { eventId: id, eventType: type };
  };
  const good = event('StoryEventIntakeIgnores', now - 3000);
  const unwanted = event('StoryEventToDiscard', now - 2000);
  const brokenId = `invalid:cases.events.v1:0:${now}`;
  insert.run(
    'intake',
    brokenId,
    '(invalid message)',
    '',
    now,
    'raw',
    'not json',
    'Error: Invalid integration message',
    1,
    new Date(now - 1000).toISOString(),
  );
  db.close();
  return { good, broken: { eventId: brokenId, eventType: '(invalid message)' }, unwanted };
}

test('管理员查看停放事件 → 查看错误和事件内容 → 重放 → 重放失败提示原因 → 注明原因丢弃 → 死信', async ({ page, browser, stack, consoleErrors }) => {
  const admin = await ensureAdmin(browser);
  const { good, broken, unwanted } = parkInIntake(stack.dataDir);
  await page.goto('/sign-in');
  await page.getByLabel('用户名').fill(admin);
  await page.getByLabel('密码', { exact: true }).fill(passwordOf(admin));
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page).not.toHaveURL(/\/sign-in/);

  await page.getByRole('menuitem', { name: /停放事件/ }).click();
  await expect(page).toHaveURL(/\/manage\/parked$/);
  await expect(page.getByRole('heading', { name: '停放事件与死信' })).toBeVisible();
  const rows = page.getByRole('row');
  await expect(rows.filter({ hasText: good.eventId })).toContainText('停放中');
  await expect(rows.filter({ hasText: broken.eventId })).toBeVisible();
  await shot(page, '60-parked-list');

  // 查看: the error and the stored event
  await page.getByRole('button', { name: `查看 ${good.eventId}` }).click();
  const drawer = page.getByRole('dialog');
  await expect(drawer.getByLabel('错误信息')).toContainText('处理程序失败');
  await expect(drawer.getByLabel('事件内容')).toContainText('浏览器用例');
  await shot(page, '61-parked-inspect');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // 重放: the handler runs again and the row leaves the parked list
  await page.getByRole('button', { name: `重放 ${good.eventId}` }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /重\s*放/ })
    .click();
  await expect(page.getByText('已重放')).toBeVisible();
  await expect(rows.filter({ hasText: good.eventId })).toHaveCount(0);

  // A replay that fails again: the reason is shown, the event stays parked
  await page.getByRole('button', { name: `重放 ${broken.eventId}` }).click();
  await page
    .getByRole('dialog')
    .getByRole('button', { name: /重\s*放/ })
    .click();
  const refusal = page.getByRole('alert').filter({ hasText: '重放失败' });
  await expect(refusal).toContainText('处理程序给出的原始错误信息');
  await expect(refusal.locator('code')).toContainText('stays parked');
  await expect(rows.filter({ hasText: broken.eventId })).toContainText('停放中');
  await shot(page, '62-parked-replay-failed');

  // 丢弃: a reason is required
  await page.getByRole('button', { name: `丢弃 ${unwanted.eventId}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /丢\s*弃/ }).click();
  await expect(dialog.getByText('请填写丢弃原因')).toBeVisible();
  await dialog.getByLabel('丢弃原因').fill('测试数据，无需处理');
  await expect(dialog.getByText('请填写丢弃原因')).toBeHidden();
  await shot(page, '63-parked-discard');
  await dialog.getByRole('button', { name: /丢\s*弃/ }).click();
  await expect(page.getByText('已丢弃').first()).toBeVisible();
  await expect(rows.filter({ hasText: unwanted.eventId })).toHaveCount(0);
  await choose(page, '状态', '已丢弃', page.getByRole('tabpanel', { name: '停放事件' }));
  await expect(rows.filter({ hasText: unwanted.eventId })).toContainText('已丢弃');
  await shot(page, '64-parked-discarded');

  // 死信: notifications' dead letters (none in this stack)
  await page.getByRole('tab', { name: '死信' }).click();
  await expect(page.getByText('没有死信')).toBeVisible();
  await shot(page, '65-dead-letters');

  // The 409 of the replay that fails on purpose (Chromium logs each refused call as a console error).
  const provoked = (e: string): boolean => e.includes('status of 409') && e.includes(encodeURIComponent(broken.eventId));
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !provoked(e)));
});
