import { expect, Page, TestInfo } from '@playwright/test';
import path from 'node:path';
import { test, expectNoAxeViolations, jsEnabled, open, settle, signIn } from './helpers';

// 一件事一次办 at a phone viewport, with and without JavaScript: a father files 新生儿出生一件事
// once (the baby's name typed once, each document given once) → three departments each get
// their part, the social security card waiting for the birth registration → 公安 completes the
// registration → the card starts at 人社, and the father follows all of it on one page.
const FATHER = '13800000002'; // 张伟
const POLICE = '13700000004'; // 吴刚, 公安户政
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

async function axe(page: Page, info: TestInfo) {
  if (jsEnabled(info)) await expectNoAxeViolations(page);
}

test('a birth filed once reaches three departments, and the card starts when the registration is done', async ({ page }, info) => {
  test.setTimeout(150_000);
  await page.context().clearCookies();
  await signIn(page, info, FATHER);
  await open(page, info, '/things');
  await axe(page, info);
  await Promise.all([page.waitForURL(/\/things\/birth$/), page.getByRole('heading', { name: '新生儿出生一件事' }).getByRole('link').click()]);
  await settle(page, info);
  await axe(page, info);
  // Each fact and document is asked once, though three items need them.
  await expect(page.getByLabel('新生儿姓名')).toHaveCount(1);
  await expect(page.locator('input[name=m_birth_cert]')).toHaveCount(1);
  const baby = jsEnabled(info) ? '张小安' : '张小宁';
  await page.getByLabel('新生儿姓名').fill(baby);
  await page.getByLabel('出生日期').fill('2026-11-29');
  await page.getByLabel(/是否办理预防接种证/).uncheck();
  await page.locator('input[name=m_birth_cert]').setInputFiles(fixture('id-card.jpg'));
  await page.locator('input[name=m_id_card]').setInputFiles(fixture('id-card.jpg'));
  await page.locator('input[name=m_hukou]').setInputFiles(fixture('photo.jpg'));
  await page.locator('input[name=m_photo]').setInputFiles(fixture('photo.jpg'));
  await Promise.all([page.waitForURL(/\/me\/things\/\d{16}$/), page.getByRole('button', { name: '一次提交全部事项' }).click()]);
  await settle(page, info);
  const bundle = new URL(page.url()).pathname;
  await expect(page.getByRole('status')).toContainText('已收到');
  const rows = page.locator('table.data tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.filter({ hasText: '社会保障卡申领' })).toContainText('等待前序事项办结');
  await axe(page, info);
  const registration = await page.getByRole('link', { name: '出生登记（新生儿落户）' }).getAttribute('href');
  const ref = registration!.split('/').pop()!;

  // 公安 sees its own part, accepts and completes it with the new register page.
  await page.context().clearCookies();
  await signIn(page, info, POLICE);
  await open(page, info, `/work/${ref}`);
  await expect(page.getByText(baby).first()).toBeVisible();
  await axe(page, info);
  await Promise.all([page.waitForURL(new RegExp(`/work/${ref}$`)), page.getByRole('button', { name: '受理', exact: true }).click()]);
  await settle(page, info);
  await page.locator('details.action > summary').filter({ hasText: /^办结$/ }).click();
  await page.locator('#approve_note').fill('已落户，户口簿新页随后邮寄。');
  await page.locator('#m_result').setInputFiles(fixture('result.pdf'));
  await Promise.all([page.waitForURL(new RegExp(`/work/${ref}$`)), page.locator('form[action$="/approve"] button[type=submit]').click()]);
  await settle(page, info);
  await expect(page.locator('.status')).toHaveText('已办结');

  // The father's one page: the registration done, the card started, all in one timeline.
  await page.context().clearCookies();
  await signIn(page, info, FATHER);
  await open(page, info, bundle);
  await expect(rows.first()).toContainText('已办结');
  await expect(rows.filter({ hasText: '社会保障卡申领' })).toContainText('已提交，待受理');
  await expect(page.locator('.timeline')).toContainText('前序事项已办结，本事项开始办理');
  await axe(page, info);
});
