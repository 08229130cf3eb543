import { expect } from '@playwright/test';
import { test, ADMIN_PHONE, jsEnabled, open, registerResident, residentId, settle, signIn, uniquePhone } from './helpers';

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

// 手机日历: a resident makes the secret subscription link, a calendar app reads it without any
// cookie, and turning it off ends it. Plain form posts, with and without JavaScript.
test('a resident subscribes the phone calendar and turns it off', async ({ page, playwright }, info) => {
  const seed = Date.now() % 100000000 + (jsEnabled(info) ? 31 : 32);
  await registerResident(page, info, { phone: uniquePhone(seed), name: '何秀英', id: residentId(seed), password: 'xiuying2026', building: '幸福里小区 2 号楼' });
  await settle(page, info);
  await open(page, info, '/me/calendar');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('手机日历');
  await Promise.all([page.waitForURL(/\/me\/calendar/), page.getByRole('button', { name: '生成订阅链接' }).click()]);
  await settle(page, info);
  const shown = (await page.locator('.banner-ok').textContent()) ?? '';
  const path = shown.match(/\/calendar\/[0-9a-f]{48}\.ics/)?.[0];
  expect(path, shown).toBeTruthy();
  const calendarApp = await playwright.request.newContext({ baseURL: info.project.use.baseURL });
  const feed = await calendarApp.get(path!);
  expect(feed.status()).toBe(200);
  expect(feed.headers()['content-type']).toContain('text/calendar');
  expect(await feed.text()).toContain('X-WR-TIMEZONE:Asia/Shanghai');
  await Promise.all([page.waitForURL(/\/me\/calendar/), page.getByRole('button', { name: '关闭订阅链接' }).click()]);
  await settle(page, info);
  await expect(page.locator('.banner-ok')).toContainText('订阅链接已关闭');
  expect((await calendarApp.get(path!)).status()).toBe(404);
  await calendarApp.dispose();
});
