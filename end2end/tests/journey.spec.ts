import { expect } from '@playwright/test';
import { test, expectNoAxeViolations, provePhone, jsEnabled, open, residentId, settle, smallTargets, uniquePhone } from './helpers';

// The resident's first visit, end to end: register → sign out → sign in → search 社保 and sb →
// open an item → switch to 长辈版 → large text and large targets. Runs with and without JS.
test('a resident registers, finds 社保 services and reads one in 长辈版', async ({ page }, info) => {
  const seed = Date.now() % 100000000 + (jsEnabled(info) ? 1 : 2);
  const phone = uniquePhone(seed);
  const id = residentId(seed);

  await provePhone(page, info, phone);
  await page.getByLabel('真实姓名').fill('周晓梅');
  await page.getByLabel('居民身份证号码').fill(id);
  await page.getByLabel(/^密码/).fill('meimei2026');
  await page.getByLabel('再次输入密码').fill('meimei2026');
  await page.getByLabel('居住楼栋').selectOption({ label: '幸福里小区 3 号楼' });
  await page.getByLabel(/个人信息处理规则/).check();
  await Promise.all([page.waitForURL(/\/me\?welcome=1/), page.getByRole('button', { name: '注册' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('status')).toContainText('注册成功');
  const profile = page.locator('#profile');
  await expect(profile).toContainText('周晓梅');
  await expect(profile).toContainText('幸福里社区');
  await expect(page.locator('.masked-id')).toHaveText(`${id[0]}${'*'.repeat(16)}${id[17]}`);
  expect(await page.content()).not.toContain(id);

  // On a phone the full list waits behind 菜单 (a <details>, so it opens without script too).
  await expect(page.getByRole('button', { name: '退出登录' })).toBeHidden();
  await page.locator('.menu > summary').click();
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: '退出登录' }).click()]);
  await settle(page, info);

  await open(page, info, '/login?next=/me');
  await page.getByLabel('手机号码').fill(phone);
  await page.getByLabel(/^密码/).fill('meimei2026');
  await Promise.all([page.waitForURL(/\/me$/), page.getByRole('button', { name: '登录' }).click()]);
  await settle(page, info);
  await expect(page.locator('#profile')).toContainText('周晓梅');
  await expect(page.locator('.activity')).toContainText('登录');

  // Search in Chinese from the home page.
  await open(page, info, '/');
  await page.getByLabel(/搜索办事事项/).fill('社保');
  await Promise.all([page.waitForURL(/\/services\?q=/), page.getByRole('button', { name: '搜索' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('link', { name: '社会保障卡申领' })).toBeVisible();

  // Pinyin initials, as elderly residents type them.
  await page.getByLabel('关键词或拼音').fill('sb');
  // The keyword row has its own button; the other filters wait behind 筛选 on a phone.
  await expect(page.getByRole('button', { name: '查找' })).toBeHidden();
  await Promise.all([page.waitForURL(/q=sb/), page.locator('main').getByRole('button', { name: '搜索' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('link', { name: '社会保障卡申领' })).toBeVisible();
  await expect(page.getByRole('link', { name: '结婚登记' })).toHaveCount(0);

  await Promise.all([page.waitForURL(/\/services\/RS003/), page.getByRole('link', { name: '社会保障卡申领' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('社会保障卡申领');
  await expect(page.getByRole('heading', { name: '所需材料' })).toBeVisible();
  await expect(page.getByText('承诺时限')).toBeVisible();

  // 长辈版 from the header toggle: a full page load, rendered large on the server.
  await Promise.all([page.waitForURL(/mode=elder/), page.locator('#mode-toggle').click()]);
  await settle(page, info);
  await expect(page.locator('html')).toHaveClass(/elder/);
  const fontSize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(24);
  const lineHeight = await page.evaluate(() => parseFloat(getComputedStyle(document.body).lineHeight) / parseFloat(getComputedStyle(document.body).fontSize));
  expect(lineHeight).toBeGreaterThanOrEqual(1.5);
  expect(await smallTargets(page, 60)).toEqual([]);
  const readAloud = page.getByRole('button', { name: '朗读本页' });
  if (jsEnabled(info)) {
    await expect(readAloud).toBeVisible();
    await readAloud.click();
    await expect(page.getByRole('button', { name: '停止朗读' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: '停止朗读' }).click();
  } else {
    await expect(readAloud).toBeHidden();
  }
  if (jsEnabled(info)) await expectNoAxeViolations(page);

  // The choice is remembered: a later page without ?mode= is still 长辈版, home has ≤ 6 entries.
  await open(page, info, '/');
  await expect(page.locator('html')).toHaveClass(/elder/);
  expect(await page.locator('.tiles a').count()).toBeLessThanOrEqual(6);
  expect(await smallTargets(page, 60)).toEqual([]);
});

test('bad registration input is answered beside the field with a 4xx, and nothing is stored', async ({ page }, info) => {
  const seed = Date.now() % 100000000 + (jsEnabled(info) ? 11 : 12);
  const id = residentId(seed);
  const wrongCheck = id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  await open(page, info, '/register');
  await page.getByLabel('手机号码').fill(uniquePhone(seed));
  await page.getByRole('button', { name: '获取验证码' }).click();
  await settle(page, info);
  await page.getByLabel('短信验证码').fill('000000');
  await page.getByLabel('真实姓名').fill('吴小明');
  await page.getByLabel('居民身份证号码').fill(wrongCheck);
  await page.getByLabel(/^密码/).fill('abc12345');
  await page.getByLabel('再次输入密码').fill('abc12345');
  await page.getByLabel('居住楼栋').selectOption({ label: '东湖新村 2 号楼' });
  await page.getByLabel(/个人信息处理规则/).check();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/register') && r.request().method() === 'POST'),
    page.getByRole('button', { name: '注册' }).click(),
  ]);
  expect(response.status()).toBe(422);
  await settle(page, info);
  const idField = page.getByLabel('居民身份证号码');
  await expect(idField).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#id_number-error')).toHaveText('身份证号校验位不正确，请核对后重新输入');
  await expect(page.getByLabel('真实姓名')).toHaveValue('吴小明');
  if (jsEnabled(info)) await expectNoAxeViolations(page);

  // Not stored: the same phone can still sign in to nothing.
  await open(page, info, '/login');
  await page.getByLabel('手机号码').fill(uniquePhone(seed));
  await page.getByLabel(/^密码/).fill('abc12345');
  const [signIn] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/login') && r.request().method() === 'POST'),
    page.getByRole('button', { name: '登录' }).click(),
  ]);
  expect(signIn.status()).toBe(401);
  await expect(page.locator('#password-error')).toHaveText('手机号或密码不正确');
});

test('English with ?lang=en, and the lang attribute follows', async ({ page }, info) => {
  await open(page, info, '/services?lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Service guide');
  await open(page, info, '/?lang=zh');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
});
