import { expect } from '@playwright/test';
import { test, ADMIN_PHONE, open, settle, signIn } from './helpers';

// An admin enters next year's New Year holiday with a plain form and removes it again, with and
// without JavaScript. (Refused input is answered by the server: see server/tests/router.rs; here
// the browser's own date field and `required` stop it before it is sent.)
test('an admin keeps the working-day calendar', async ({ page }, info) => {
  await signIn(page, info, ADMIN_PHONE);
  await open(page, info, '/admin/calendar?year=2026');
  await expect(page.getByText('国庆节调休上班').first()).toBeVisible();

  const day = info.project.name === 'js' ? '2027-01-01' : '2027-01-02';
  await page.getByLabel(/^日期/).fill(day);
  await page.getByLabel('类型').selectOption('holiday');
  await page.getByLabel(/^名称/).fill('元旦');
  await Promise.all([page.waitForURL(/year=2027/), page.getByRole('button', { name: '保存' }).click()]);
  await settle(page, info);
  const row = page.locator('.calendar-days li', { hasText: day });
  await expect(row).toContainText('元旦');
  await Promise.all([page.waitForURL(/year=2027/), row.getByRole('button', { name: /删除/ }).click()]);
  await settle(page, info);
  await expect(page.locator('.calendar-days li', { hasText: day })).toHaveCount(0);
});
