import { expect, Page, TestInfo } from '@playwright/test';
import path from 'node:path';
import { test, expectNoAxeViolations, jsEnabled, open, settle, signIn, smallTargets, STAFF_PHONE } from './helpers';

// 网上办件 end to end, at a phone viewport, with and without JavaScript: apply with two photos →
// the officer asks for a correction → it is supplied from the wallet → the officer completes
// with a result document → the resident downloads it. Filed by the resident, by a family
// delegate, and by community staff.
const ELDER = '13800000001'; // 王秀英, 幸福里社区
const SON = '13800000002'; // 张伟, authorised by 王秀英 in the demo data
const OFFICER = '13700000001'; // 陈强, 人社局
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

async function as(page: Page, info: TestInfo, phone: string) {
  await page.context().clearCookies();
  await signIn(page, info, phone);
}

async function axe(page: Page, info: TestInfo) {
  if (jsEnabled(info)) await expectNoAxeViolations(page);
}

/** Fills and submits RS003 (社会保障卡申领) for whoever is chosen; returns the reference number. */
async function applyForCard(page: Page, info: TestInfo, keep: boolean) {
  // With JavaScript the upload-progress island takes over the form (XHR with a progress bar).
  if (jsEnabled(info)) await expect(page.locator('form[data-upload-progress="on"]')).toHaveCount(1);
  await page.locator('input[name=m_id_card]').setInputFiles(fixture('id-card.jpg'));
  await page.locator('input[name=m_photo]').setInputFiles(fixture('photo.jpg'));
  await page.getByLabel('申请说明').fill('首次申领社保卡');
  if (keep) await page.getByLabel(/保存到我的材料库/).check();
  await Promise.all([page.waitForURL(/\/receipt$/), page.getByRole('button', { name: '提交申请' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('受理回执');
  await expect(page.locator('.qr svg')).toBeVisible();
  await axe(page, info);
  const ref = (await page.locator('.ref-no').textContent())!.trim();
  expect(ref).toMatch(/^\d{16}$/);
  return ref;
}

async function officerAsksForPhoto(page: Page, info: TestInfo, ref: string) {
  await as(page, info, OFFICER);
  await open(page, info, '/work');
  await expect(page.getByRole('link', { name: '社会保障卡申领' }).first()).toBeVisible();
  await open(page, info, `/work/${ref}`);
  await axe(page, info);
  await page.locator('details.action > summary', { hasText: '一次性告知补正' }).click();
  await page.getByLabel('近期白底免冠证件照（网上申请可上传）').check();
  await page.getByLabel(/^补正说明/).fill('证件照需为白色背景、露出双耳。');
  await Promise.all([page.waitForURL(new RegExp(`/work/${ref}$`)), page.getByRole('button', { name: '发送补正告知' }).click()]);
  await settle(page, info);
  await expect(page.locator('.status')).toHaveText('待补正材料');
}

async function supplyPhoto(page: Page, info: TestInfo, ref: string, fromWallet: boolean) {
  await open(page, info, `/me/applications/${ref}`);
  await expect(page.getByText('证件照需为白色背景、露出双耳。').first()).toBeVisible();
  await axe(page, info);
  if (fromWallet) {
    await page.locator('input[name=w_photo]').first().check();
  } else {
    await page.locator('input[name=m_photo]').setInputFiles(fixture('photo-new.png'));
  }
  await Promise.all([page.waitForURL(new RegExp(`/me/applications/${ref}$`)), page.getByRole('button', { name: '提交补正材料' }).click()]);
  await settle(page, info);
  await expect(page.locator('.status')).toHaveText('已受理，办理中');
  await expect(page.locator('.timeline')).toContainText('申请人补正材料');
}

async function officerCompletes(page: Page, info: TestInfo, ref: string) {
  await as(page, info, OFFICER);
  await open(page, info, `/work/${ref}`);
  await page.locator('details.action > summary').filter({ hasText: /^办结$/ }).click();
  await page.locator('#approve_note').fill('社保卡已制作完成，请凭回执到社区领取。');
  await page.locator('#m_result').setInputFiles(fixture('result.pdf'));
  await Promise.all([
    page.waitForURL(new RegExp(`/work/${ref}$`)),
    page.locator('form[action$="/approve"] button[type=submit]').click(),
  ]);
  await settle(page, info);
  await expect(page.locator('.status')).toHaveText('已办结');
}

async function residentDownloadsResult(page: Page, info: TestInfo, ref: string) {
  await as(page, info, ELDER);
  await open(page, info, '/me/applications');
  await expect(page.getByText(ref)).toBeVisible();
  await open(page, info, `/me/applications/${ref}`);
  await expect(page.locator('.status')).toHaveText('已办结');
  await expect(page.getByText('社保卡已制作完成，请凭回执到社区领取。').first()).toBeVisible();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: /下载结果文件/ }).click()]);
  expect(download.suggestedFilename()).toBe('result.pdf');
  await axe(page, info);
  await open(page, info, '/me/inbox');
  await expect(page.locator('.inbox')).toContainText(`${ref}`);
  await expect(page.locator('.inbox')).toContainText('已办结');
}

test('a resident applies with two photos, corrects from the wallet and downloads the result', async ({ page }, info) => {
  await as(page, info, ELDER);
  await open(page, info, '/services/RS003');
  await Promise.all([page.waitForURL(/\/services\/RS003\/apply$/), page.getByRole('link', { name: '在线申请' }).click()]);
  await settle(page, info);
  await expect(page.getByText('王秀英').first()).toBeVisible(); // filled in from the account
  expect(await page.content()).not.toMatch(/11010519480312004/);
  await axe(page, info);
  const ref = await applyForCard(page, info, true);
  await officerAsksForPhoto(page, info, ref);
  await as(page, info, ELDER);
  await supplyPhoto(page, info, ref, true);
  await officerCompletes(page, info, ref);
  await residentDownloadsResult(page, info, ref);
  await open(page, info, '/me/wallet');
  await expect(page.locator('.materials')).toContainText('photo.jpg');

  if (jsEnabled(info)) {
    // 长辈版 of the same pages: large targets and 7:1 contrast.
    for (const url of [`/me/applications/${ref}?mode=elder`, `/me/applications/${ref}/receipt`, '/services/RS003/apply', '/me/wallet', '/me/inbox', '/me/family']) {
      await open(page, info, url);
      await expect(page.locator('html')).toHaveClass('elder');
      await expectNoAxeViolations(page);
      expect(await smallTargets(page, 60), url).toEqual([]);
    }
  }
});

test('a family delegate files for the elder and follows it through', async ({ page }, info) => {
  await as(page, info, SON);
  await open(page, info, '/services/RS003/apply');
  await page.getByLabel('为谁办理').selectOption({ label: '王秀英' });
  await Promise.all([page.waitForURL(/for=\d+/), page.getByRole('button', { name: '切换' }).click()]);
  await settle(page, info);
  await expect(page.getByText('您正在为家人代办')).toBeVisible();
  const ref = await applyForCard(page, info, false);
  await officerAsksForPhoto(page, info, ref);
  await as(page, info, SON);
  await open(page, info, '/me/family');
  await Promise.all([page.waitForURL(/\/me\/applications\?for=/), page.getByRole('link', { name: '查看申请' }).first().click()]);
  await settle(page, info);
  await expect(page.getByText(ref)).toBeVisible();
  await supplyPhoto(page, info, ref, false);
  await officerCompletes(page, info, ref);
  await residentDownloadsResult(page, info, ref);
  // The elder can read what was done for her.
  await open(page, info, '/me/family');
  await expect(page.locator('.record')).toContainText('亲友为您提交申请');
  await axe(page, info);
});

test('community staff file for a resident who phoned in, with her consent recorded', async ({ page }, info) => {
  await as(page, info, STAFF_PHONE);
  await open(page, info, '/services/RS003/apply');
  // The community is searched, not listed whole: by the start of the name.
  await page.getByLabel(/^查找居民/).fill('王');
  await Promise.all([page.waitForURL(/who=/), page.getByRole('button', { name: '查找', exact: true }).click()]);
  await settle(page, info);
  await page.getByLabel('为谁办理').selectOption({ label: '王秀英' });
  await Promise.all([page.waitForURL(/for=\d+/), page.getByRole('button', { name: '切换' }).click()]);
  await settle(page, info);
  await axe(page, info);
  await page.getByLabel('居民来电，电话同意').check();
  await page.getByLabel('我确认已取得居民本人同意代为申请').check();
  const ref = await applyForCard(page, info, false);
  await open(page, info, '/me/applications');
  await expect(page.getByText(ref)).toBeVisible();
  await officerAsksForPhoto(page, info, ref);
  await as(page, info, ELDER);
  await supplyPhoto(page, info, ref, false);
  await officerCompletes(page, info, ref);
  await residentDownloadsResult(page, info, ref);
  await open(page, info, `/me/applications/${ref}`);
  await expect(page.locator('dl.facts').first()).toContainText('社区帮办代办 · 居民电话同意（李敏）');
});
