import { expect } from '@playwright/test';
import { test, expectNoAxeViolations, jsEnabled, open, registerResident, residentId, settle, signIn, STAFF_PHONE, uniquePhone } from './helpers';

// 通知公告, with and without JavaScript: staff publish a notice to one building's older
// residents; 王秀英 (an older resident there, in the demo) finds it on her home page and
// confirms she has read it; a neighbour who has not opened it is told at the door, and the
// coverage shows who was reached how.
test('a notice reaches one building\'s older residents, and staff tell the one who did not read it', async ({ page }, info) => {
  test.setTimeout(180_000);
  const seed = Date.now() % 100000000 + (jsEnabled(info) ? 41 : 42);
  const neighbour = jsEnabled(info) ? '钱桂英' : '孙桂兰';
  const title = `1 号楼停水通知 ${seed}`;

  // A new resident of 1 号楼 says she is an older resident, with consent.
  await registerResident(page, info, { phone: uniquePhone(seed), name: neighbour, id: residentId(seed), password: 'guiying2026', building: '幸福里小区 1 号楼' });
  await settle(page, info);
  await open(page, info, '/me/groups');
  await page.getByLabel('长者（60 岁以上）').check();
  await page.getByLabel(/我同意社区据此/).check();
  await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: '保存', exact: true }).click()]);
  await settle(page, info);
  await expect(page.getByLabel('长者（60 岁以上）')).toBeChecked();
  // Her door makes her household, which the coverage counts.
  await page.getByLabel(/^您在/).fill('３０２');
  await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: '保存门牌' }).click()]);
  await settle(page, info);
  await expect(page.getByLabel(/^您在/)).toHaveValue('302');
  await page.context().clearCookies();

  // Staff write it, preview it and publish it.
  await signIn(page, info, STAFF_PHONE);
  await open(page, info, '/work/notices');
  await page.getByText('写新通知').click();
  await page.getByLabel('类别').selectOption('outage');
  await page.getByLabel(/^标题/).fill(title);
  await page.getByLabel('正文').fill('本周五 8:00–12:00 停水，请提前储水。行动不便的老人可请志愿者送水。');
  await page.getByLabel('幸福里小区 1 号楼').check();
  await page.getByLabel('长者（60 岁以上）').check();
  await page.getByLabel(/我已知晓/).check();
  await Promise.all([page.waitForURL(/\/work\/notices\/\d+$/), page.getByRole('button', { name: '保存草稿并预览' }).click()]);
  await settle(page, info);
  const desk = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(title);
  // A PDF of the affected area goes with it, through the upload pipeline.
  const pdf = '%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n';
  await page.getByLabel('添加附件').setInputFiles({ name: '停水范围.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf) });
  await Promise.all([page.waitForURL(desk), page.getByRole('button', { name: '上传附件' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('link', { name: '停水范围.pdf' })).toBeVisible();
  if (jsEnabled(info)) await expectNoAxeViolations(page); // axe-core runs as page script
  await Promise.all([page.waitForURL(desk), page.getByRole('button', { name: '立即发布' }).click()]);
  await settle(page, info);
  await expect(page.getByText('已发布').first()).toBeVisible();
  await page.context().clearCookies();

  // 王秀英 meets it on her home page and confirms it.
  await signIn(page, info, '13800000001');
  await open(page, info, '/');
  await Promise.all([page.waitForURL(/\/notices\/\d+$/), page.getByRole('link', { name: title }).click()]);
  await settle(page, info);
  await Promise.all([page.waitForURL(/\/notices\/\d+$/), page.getByRole('button', { name: '我已知晓' }).click()]);
  await settle(page, info);
  await expect(page.getByText('已确认知晓，谢谢。')).toBeVisible();
  const attachment = await page.getByRole('link', { name: '停水范围.pdf' }).getAttribute('href');
  const file = await page.request.get(attachment ?? '');
  expect(file.status()).toBe(200);
  expect(file.headers()['content-type']).toBe('application/pdf');
  await page.context().clearCookies();

  // The neighbour did not open it: staff tell her at the door, and the coverage counts it.
  await signIn(page, info, STAFF_PHONE);
  await open(page, info, desk);
  const card = page.locator('li.card', { hasText: neighbour });
  await Promise.all([page.waitForURL(desk), card.getByRole('button', { name: '已当面告知' }).click()]);
  await settle(page, info);
  await expect(page.locator('li.card', { hasText: neighbour })).toHaveCount(0);
  const row = page.locator('table tbody tr', { hasText: '幸福里小区 1 号楼' });
  // addressed, read, acknowledged, told: 王秀英 read and confirmed it; the neighbour was told.
  await expect(row.locator('td').nth(2)).not.toHaveText('0');
  await expect(row.locator('td').nth(3)).not.toHaveText('0');
  await expect(row.locator('td').nth(4)).not.toHaveText('0');
  await expect(row.locator('td').nth(5)).toContainText(/\d+ 户：已读 [1-9]\d*，已确认 [1-9]\d*，已触达 [1-9]/);
});
