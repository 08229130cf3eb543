import { expect } from '@playwright/test';
import { test, expectNoAxeViolations, jsEnabled, open, settle, signIn } from './helpers';

const ELDER = '13800000001'; // 王秀英 holds a 老年人优待证 (demo)

// 电子证照, with and without JavaScript: 王秀英 opens her 老年人优待证, makes a link that shows
// only her name, and a provider (another phone, not signed in) checks it; when she ends the
// link, the provider is refused.
test('a senior card shown to a provider through a link, checked, and refused once ended', async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  await page.context().clearCookies();
  await signIn(page, info, ELDER);
  await open(page, info, '/me/certificates');
  if (jsEnabled(info)) await expectNoAxeViolations(page);
  await Promise.all([page.waitForURL(/\/me\/certificates\/MZ-/), page.getByRole('link', { name: '老年人优待证' }).first().click()]);
  await settle(page, info);
  await expect(page.getByText('70 周岁以上')).toBeVisible();
  await expect(page.getByRole('img', { name: '二维码：扫码核验此证照' })).toBeVisible();
  if (jsEnabled(info)) await expectNoAxeViolations(page);

  // The two projects share the demo elder: each shows a different set, so each ends its own.
  const withId = !jsEnabled(info);
  await page.getByLabel('姓名', { exact: true }).check();
  if (withId) await page.getByLabel('身份证号（脱敏）').check();
  await page.getByLabel('1 小时').check();
  await Promise.all([page.waitForURL(/\/share$/), page.getByRole('button', { name: '生成出示链接' }).click()]);
  await settle(page, info);
  const link = await page.locator('.banner-ok a[href*="/verify/s/"]').getAttribute('href');
  expect(link).toBeTruthy();

  const other = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: jsEnabled(info) });
  const provider = await other.newPage();
  const shown = await provider.goto(link!);
  expect(shown?.status()).toBe(200);
  await expect(provider.getByText('验证通过：此证照真实，当前有效。')).toBeVisible();
  await expect(provider.getByText('王秀英')).toBeVisible();
  await expect(provider.getByText('70 周岁以上')).toHaveCount(0);
  await expect(provider.getByText('身份证号')).toHaveCount(withId ? 1 : 0);
  if (jsEnabled(info)) await expectNoAxeViolations(provider);

  const mine = new URL(page.url()).pathname.replace(/\/share$/, '');
  await open(page, info, mine);
  const ours = () => page.locator('ul.people li').filter(withId ? { hasText: '身份证号' } : { hasNotText: '身份证号' });
  while ((await ours().count()) > 0) {
    await Promise.all([page.waitForResponse((r) => r.url().endsWith('/end')), ours().first().getByRole('button', { name: '提前结束' }).click()]);
    await page.waitForURL(mine);
    await settle(page, info);
  }
  const ended = await provider.goto(link!);
  expect(ended?.status()).toBe(404);
  await expect(provider.getByText('此出示链接已失效或不存在')).toBeVisible();
  await other.close();
});
