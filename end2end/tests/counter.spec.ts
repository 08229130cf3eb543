import { expect, Page, TestInfo } from '@playwright/test';
import { test, expectNoAxeViolations, jsEnabled, open, settle, signIn, STAFF_PHONE } from './helpers';

// 预约办事 and 取号 at a phone viewport, with and without JavaScript: 陈静 books the in-person
// identity check at 幸福里, moves it to another time, takes a number at the hall (the screen's
// QR opens the page), follows her place on the phone, is called to a window by staff 李敏, who
// records the outcome; then she cancels the appointment she no longer needs.
const RESIDENT = '13800000003'; // 陈静, 幸福里
const CENTRE = '幸福里社区党群服务中心';

async function axe(page: Page, info: TestInfo) {
  if (jsEnabled(info)) await expectNoAxeViolations(page);
}

async function submit(page: Page, info: TestInfo, url: RegExp, button: string) {
  await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button, exact: true }).click()]);
  await settle(page, info);
}

test('a resident books a counter slot, takes a number and is called to a window', async ({ page }, info) => {
  test.setTimeout(150_000);
  await page.context().clearCookies();
  await signIn(page, info, RESIDENT);
  await open(page, info, '/counter');
  await axe(page, info);
  const centre = page.locator('li.card').filter({ has: page.getByRole('heading', { name: CENTRE }) });
  await Promise.all([page.waitForURL(/\/counter\/cy-xfl\?service=identity$/), centre.getByRole('link', { name: '预约 · 现场身份核验' }).click()]);
  await settle(page, info);
  await axe(page, info);
  const slots = page.locator('fieldset.slots input[type=radio]');
  expect(await slots.count()).toBeGreaterThan(2);
  await slots.first().check();
  await submit(page, info, /\/me\/appointments\/Y\d{14}\?booked=1$/, '确认预约');
  await expect(page.getByRole('status')).toContainText('预约成功');
  const appointment = new URL(page.url()).pathname;
  const first = await page.locator('#appointment-body dd').first().textContent();
  await axe(page, info);

  // Another time suits her better.
  await page.locator('details > summary').filter({ hasText: '改约' }).click();
  await page.locator('fieldset.slots input[type=radio]').last().check();
  await submit(page, info, /\?moved=1$/, '改到这个时段');
  await expect(page.getByRole('status')).toContainText('已改约');
  await expect(page.locator('#appointment-body dd').first()).not.toHaveText(first!);

  // At the hall: the screen, and the number taken on her phone.
  await open(page, info, '/queue/cy-xfl');
  await expect(page.getByRole('heading', { name: CENTRE })).toBeVisible();
  await axe(page, info);
  await open(page, info, '/queue/cy-xfl/take');
  await axe(page, info);
  await page.getByLabel('现场身份核验').check();
  await submit(page, info, /\/queue\/t\/[0-9a-f]{32}$/, '取号');
  const place = new URL(page.url()).pathname;
  const label = (await page.locator('.big-code').textContent())!.trim();
  expect(label).toMatch(/^A\d{3}$/);
  await expect(page.getByRole('status')).toContainText('前面还有');
  await axe(page, info);

  // 李敏 calls numbers to counter 2 until hers comes up.
  await page.context().clearCookies();
  await signIn(page, info, STAFF_PHONE);
  await open(page, info, '/work/counter/cy-xfl');
  await axe(page, info);
  const called = page.locator('div.card.called').filter({ hasText: label });
  for (let i = 0; i < 8 && (await called.count()) === 0; i++) {
    await page.getByLabel('我的窗口号').fill('2');
    await submit(page, info, /\/work\/counter\/cy-xfl\?window=2/, '叫下一位');
  }
  await expect(called).toHaveCount(1);
  await axe(page, info);

  // Her phone says where to go (the page is hers by its address alone).
  const phone = await page.context().newPage();
  await phone.goto(place);
  await expect(phone.getByRole('status')).toContainText('请到 2 号窗口办理');
  await phone.close();

  await called.getByLabel('办理结果').selectOption('done');
  await Promise.all([page.waitForURL(/\/work\/counter\/cy-xfl\?window=2/), called.getByRole('button', { name: '记录结果' }).click()]);
  await settle(page, info);
  await expect(page.locator('li.card').filter({ hasText: label })).toContainText('办结');

  // She no longer needs the appointment: cancelled, the place given back.
  await page.context().clearCookies();
  await signIn(page, info, RESIDENT);
  await open(page, info, appointment);
  await submit(page, info, /\?cancelled=1$/, '取消预约');
  await expect(page.getByRole('status')).toContainText('预约已取消');
});
