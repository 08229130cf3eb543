import { expect, Page, TestInfo } from '@playwright/test';
import { test, expectNoAxeViolations, jsEnabled, open, settle, signIn } from './helpers';

const ELDER = '13800000001'; // 王秀英, 幸福里小区 1 号楼
const HELPER = '13800000003'; // 陈静, an approved volunteer of 幸福里社区 (demo)

async function as(page: Page, info: TestInfo, phone: string, url: string) {
  await page.context().clearCookies();
  await signIn(page, info, phone);
  await open(page, info, url);
}

async function post(page: Page, info: TestInfo, button: string, url: RegExp | string) {
  await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button }).click()]);
  await settle(page, info);
}

// 邻里互助, with and without JavaScript: 王秀英 asks for a small repair; 陈静 (a volunteer)
// sees it with the phone masked, takes it, checks in and out with the numbers 王秀英 shows;
// 王秀英 confirms and rates it; 陈静 finds the hours on her record and prints a certificate
// anyone can check by its number.
test('a help request taken, checked in and out, confirmed, and the volunteer certificate', async ({ page }, info) => {
  test.setTimeout(180_000);
  const what = `厨房水龙头漏水，帮忙换个垫圈 ${Date.now() % 100000}${jsEnabled(info) ? 'a' : 'b'}`;
  await as(page, info, ELDER, '/help');
  await page.getByText('我要求助').click();
  await page.getByLabel('小修小补').check();
  await page.getByLabel('具体事项').fill(what);
  const day = new Date(Date.now() + 86400_000).toISOString().slice(0, 10);
  await page.getByLabel('哪一天').fill(day);
  await page.getByLabel(/大约时间/).fill('下午 3 点');
  await post(page, info, '提交求助', /\/help\/\d+\?posted=1$/);
  await expect(page.getByText('已提交。志愿者接单后会通知您。')).toBeVisible();
  const request = new URL(page.url()).pathname;

  await as(page, info, HELPER, '/help');
  await page.locator('li.card', { hasText: what }).getByRole('link').click();
  await page.waitForURL(request);
  await settle(page, info);
  await expect(page.getByText('138****0001')).toBeVisible();
  await post(page, info, '我来接单', request);
  await expect(page.getByText('13800000001')).toBeVisible();

  for (const [step, status] of [['签到', '服务中'], ['签退', '待确认']] as const) {
    await as(page, info, ELDER, request);
    const code = (await page.locator('.big-code').innerText()).trim();
    expect(code).toMatch(/^\d{6}$/);
    await as(page, info, HELPER, request);
    await page.getByLabel('居民出示的 6 位数字').fill(code);
    await post(page, info, step, request);
    await expect(page.locator('.status', { hasText: status }).first()).toBeVisible();
  }

  await as(page, info, ELDER, request);
  await page.getByLabel(/非常满意/).check();
  await page.getByLabel(/感谢的话/).fill('小陈手真巧，谢谢！');
  await post(page, info, '确认服务完成', request);
  await expect(page.locator('.status', { hasText: '已完成' }).first()).toBeVisible();
  await expect(page.getByText('记录时长')).toBeVisible();

  await as(page, info, HELPER, '/volunteer');
  await expect(page.getByRole('cell', { name: '小修小补' }).first()).toBeVisible();
  await post(page, info, '开具志愿服务证明', /\/volunteer\/certificates\/[A-Z0-9]{12}$/);
  await expect(page.getByRole('heading', { name: '志愿服务证明' })).toBeVisible();
  await expect(page.getByText('陈静')).toBeVisible();
  if (jsEnabled(info)) await expectNoAxeViolations(page);
  // Anyone holding the number can check it; the name is masked for them.
  const certificate = page.url();
  await page.context().clearCookies();
  await open(page, info, certificate);
  await expect(page.getByText(/陈\*/)).toBeVisible();
});
