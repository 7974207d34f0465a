/**
 * Form helpers of the stories: choosing in an antd Select by its label and the
 * option's text, and the accessibility check that every field of a form has an
 * accessible name (its Form.Item label).
 */
import { expect, Locator, Page } from '@playwright/test';

/** Opens the select labelled `label` and picks the option whose text is `option`. */
export async function choose(page: Page, label: string | RegExp, option: string | RegExp, scope: Page | Locator = page): Promise<void> {
  const select = scope.getByLabel(label, { exact: typeof label === 'string' ? true : undefined });
  const exact = typeof option === 'string' ? true : undefined;
  // The shown option carries its text as its title (the role=option copies are for screen readers, unseen).
  const item = page.getByTitle(option, { exact }).filter({ visible: true }).last();
  // A click during the list's opening animation can miss: open, pick, and check the list closed, again if not.
  await expect(async () => {
    if ((await select.getAttribute('aria-expanded')) !== 'true') await select.click();
    await item.click({ timeout: 2_000 });
    await expect(select).toHaveAttribute('aria-expanded', 'false', { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByRole('listbox')).toHaveCount(0);
}

/** Every visible input, text area and combobox inside `scope`'s forms has an accessible name. */
export async function expectEveryFieldLabelled(scope: Page | Locator): Promise<number> {
  const fields = scope.locator('form').locator('input:visible, textarea:visible, [role="combobox"]:visible, [role="switch"]:visible');
  const count = await fields.count();
  expect(count, 'the form shows fields').toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const field = fields.nth(i);
    const html = await field.evaluate((el) => el.outerHTML.slice(0, 160));
    await expect(field, `field without an accessible name: ${html}`).toHaveAccessibleName(/\S/);
  }
  return count;
}

/**
 * In the multiple select labelled `label`, removes what is chosen (Backspace
 * removes the last tag) and picks `options` in order, then closes the list.
 */
export async function chooseOnly(page: Page, label: string, options: string[]): Promise<void> {
  const select = page.getByLabel(label, { exact: true });
  const chosen = page.locator('.ant-select').filter({ has: select }).locator('.ant-select-selection-item');
  await select.click();
  await expect(async () => {
    await select.press('Backspace');
    await expect(chosen).toHaveCount(0, { timeout: 500 });
  }).toPass({ timeout: 10_000 });
  for (const option of options) {
    // The list's option carries its text as its title, after the chosen tags (which do too) in the page.
    const item = page.getByTitle(option, { exact: true }).filter({ visible: true }).last();
    const tag = chosen.filter({ hasText: option });
    await expect(async () => {
      if (!(await tag.count())) {
        if ((await select.getAttribute('aria-expanded')) !== 'true') await select.click();
        await item.click({ timeout: 2_000 });
      }
      await expect(tag).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  }
  await select.press('Escape');
  await expect(select).toHaveAttribute('aria-expanded', 'false');
  await expect(chosen).toHaveText(options);
}
