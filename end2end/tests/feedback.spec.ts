import { expect, Page, TestInfo } from '@playwright/test';
import path from 'node:path';
import { test, expectNoAxeViolations, jsEnabled, open, settle, signIn, smallTargets, STAFF_PHONE } from './helpers';

// 诉求 and 好差评 end to end, at a phone viewport, with and without JavaScript: a resident reports
// a broken light with a photo → community staff reply and close → the resident rates 不满意 →
// a rectification case opens → staff call back and fix → the resident rates again → the
// board's numbers move.
const ELDER = '13800000001'; // 王秀英, 幸福里社区 1 号楼
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

async function as(page: Page, info: TestInfo, phone: string) {
  await page.context().clearCookies();
  await signIn(page, info, phone);
}

async function axe(page: Page, info: TestInfo) {
  if (jsEnabled(info)) await expectNoAxeViolations(page);
}

/** (received, ratings) of 幸福里社区 on this month's board. */
async function boardRow(page: Page, info: TestInfo): Promise<[number, number]> {
  await open(page, info, '/board');
  const row = page.locator('table.board tbody tr', { hasText: '幸福里社区' });
  if ((await row.count()) === 0) return [0, 0];
  const cells = row.locator('td');
  const received = Number((await cells.nth(1).textContent())!.trim());
  const rated = Number((await cells.nth(4).locator('small').textContent())!.replace(/[()]/g, ''));
  return [received, rated];
}

async function rateAll(page: Page, info: TestInfo, level: string) {
  for (const indicator of ['整体满意度', '办事效率', '办事指南精确度', '办事便捷度', '平台操作性']) {
    await page.getByRole('group', { name: indicator }).getByLabel(level, { exact: true }).check();
  }
  await axe(page, info);
  await page.getByRole('button', { name: '提交评价' }).click();
  await page.waitForURL(/rated=1/);
  await settle(page, info);
}

test('a broken light: report, reply, a bad rating, rectification, a second rating, and the board', async ({ page }, info) => {
  test.setTimeout(120_000);
  const [receivedBefore, ratedBefore] = await boardRow(page, info);
  await axe(page, info);

  await as(page, info, ELDER);
  await open(page, info, '/feedback/new');
  await page.getByLabel('诉求类别').selectOption({ label: '报事 · 路灯不亮或损坏' });
  await Promise.all([page.waitForURL(/category=report-light/), page.getByRole('button', { name: '下一步' }).click()]);
  await settle(page, info);
  await expect(page.getByText('承诺答复时限')).toBeVisible();
  await axe(page, info);
  await page.getByLabel('一句话说明').fill('1 号楼门口路灯不亮');
  await page.getByLabel('具体情况').fill('已经三个晚上不亮了，老人出门看不清台阶。');
  await page.getByLabel(/具体位置/).fill('1 号楼单元门口');
  await page.locator('input[name=photos]').setInputFiles(fixture('photo.jpg'));
  await Promise.all([page.waitForURL(/\/feedback\/F\d+\?filed=1$/), page.getByRole('button', { name: '提交', exact: true }).click()]);
  await settle(page, info);
  const ref = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('1 号楼门口路灯不亮');
  await expect(page.locator('.photos img')).toHaveCount(1);
  await axe(page, info);

  // Public: listed, without the name.
  await page.context().clearCookies();
  await open(page, info, '/feedback');
  await expect(page.getByRole('link', { name: '1 号楼门口路灯不亮' }).first()).toBeVisible();
  await open(page, info, `/feedback/${ref}`);
  expect(await page.content()).not.toContain('王秀英');

  // Community staff reply and close.
  await as(page, info, STAFF_PHONE);
  await open(page, info, '/work/feedback');
  await expect(page.getByText(ref).first()).toBeVisible();
  await open(page, info, `/feedback/${ref}`);
  await expect(page.getByText('王秀英').first()).toBeVisible();
  await axe(page, info);
  await page.locator('#reply-note').fill('已通知物业更换灯泡，今晚恢复照明。');
  await Promise.all([page.waitForURL(new RegExp(`/feedback/${ref}$`)), page.getByRole('button', { name: '办结并答复' }).click()]);
  await settle(page, info);
  await expect(page.locator('.meta .status')).toHaveText('已答复，待确认');

  // The resident rates 不满意: a rectification case opens.
  await as(page, info, ELDER);
  await open(page, info, `/feedback/${ref}`);
  await expect(page.getByText('已通知物业更换灯泡，今晚恢复照明。').first()).toBeVisible();
  await Promise.all([page.waitForURL(/\/rate\/feedback\//), page.getByRole('link', { name: '评价本次办理（好差评）' }).click()]);
  await settle(page, info);
  await rateAll(page, info, '不满意');
  await expect(page.getByText('已评价：不满意')).toBeVisible();

  // Staff call back, then fix.
  await as(page, info, STAFF_PHONE);
  await open(page, info, '/work/rectifications');
  await Promise.all([page.waitForURL(/\/rectifications\/\d+$/), page.getByRole('link', { name: new RegExp(ref) }).first().click()]);
  await settle(page, info);
  const caseUrl = new URL(page.url()).pathname;
  await axe(page, info);
  await page.locator('#call-note').fill('已电话回访，居民反映灯泡换后仍闪烁。');
  await Promise.all([page.waitForURL(new RegExp(`${caseUrl}$`)), page.getByRole('button', { name: '记录回访' }).click()]);
  await settle(page, info);
  await page.locator('#fix-note').fill('更换整套灯具并检查线路，已恢复正常。');
  await Promise.all([page.waitForURL(new RegExp(`${caseUrl}$`)), page.getByRole('button', { name: '已整改' }).click()]);
  await settle(page, info);
  await expect(page.getByText('已整改或说明')).toBeVisible();

  // The resident rates the rectification.
  await as(page, info, ELDER);
  await open(page, info, caseUrl);
  await expect(page.getByText('更换整套灯具并检查线路，已恢复正常。')).toBeVisible();
  await Promise.all([page.waitForURL(/\/rate\/rectification\//), page.getByRole('link', { name: '评价整改结果' }).click()]);
  await settle(page, info);
  await rateAll(page, info, '满意');

  // The board moved: one more item received, one more rating.
  const [receivedAfter, ratedAfter] = await boardRow(page, info);
  expect(receivedAfter).toBe(receivedBefore + 1);
  expect(ratedAfter).toBe(ratedBefore + 1);
  await axe(page, info);

  if (jsEnabled(info)) {
    for (const url of [`/feedback/${ref}?mode=elder`, '/feedback', '/feedback/new?category=report-light', '/board', `/rate/feedback/${ref}`]) {
      await open(page, info, url);
      await expect(page.locator('html')).toHaveClass('elder');
      await expectNoAxeViolations(page);
      expect(await smallTargets(page, 60), url).toEqual([]);
    }
    await open(page, info, '/?mode=standard');
  }
});
