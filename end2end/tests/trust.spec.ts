import { expect } from '@playwright/test';
import { readFileSync } from 'fs';
import { test, codeFromOutbox, DEMO_TOTP_SECRET, expectNoAxeViolations, jsEnabled, open, registerResident, residentId, settle, signIn, totpCode, uniquePhone } from './helpers';

// Registrations read their codes as the administrator, and staff sign in: each sign-in with an
// authenticator may wait for a fresh 30 s step (a code is taken once), so a journey here can
// wait a minute or more without anything being wrong.
test.describe.configure({ timeout: 180_000 });

// An officer's password opens nothing by itself: the authenticator code comes next, a wrong one
// is answered beside the field, and the right one opens the workbench.
test('an officer signs in with the authenticator code', async ({ page }, info) => {
  const officer = '13700000003'; // 周杰, 教育局: no other test signs in as him
  await open(page, info, '/login?next=/work');
  await page.getByLabel('手机号码').fill(officer);
  await page.getByLabel(/^密码/).fill('linli2026');
  await Promise.all([page.waitForURL(/\/login\/totp/), page.getByRole('button', { name: '登录' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('动态验证码');
  if (jsEnabled(info)) await expectNoAxeViolations(page);
  const here = Math.floor(Date.now() / 30_000);
  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/login/totp') && r.request().method() === 'POST'),
    (async () => {
      await page.getByLabel('验证器上的 6 位数字').fill(totpCode(DEMO_TOTP_SECRET, here - 4));
      await page.getByRole('button', { name: '验证并登录' }).click();
    })(),
  ]);
  expect(refused.status()).toBe(401);
  await settle(page, info);
  await expect(page.locator('#code-error')).toContainText('动态验证码不正确');
  await page.getByLabel('验证器上的 6 位数字').fill(totpCode(DEMO_TOTP_SECRET, here + 1));
  await Promise.all([page.waitForURL(/\/work$/), page.getByRole('button', { name: '验证并登录' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});

// 忘记密码: the code from the outbox, a new password, and every old session is gone.
test('a resident resets a forgotten password with a code sent to the phone', async ({ page, browser }, info) => {
  const seed = Date.now() % 100000000 + (jsEnabled(info) ? 21 : 22);
  const phone = uniquePhone(seed);
  await registerResident(page, info, { phone, name: '郑秀兰', id: residentId(seed), password: 'xiulan2026', building: '幸福里小区 3 号楼' });
  await settle(page, info);

  // On another phone (a fresh browser), the password is forgotten.
  const other = await browser.newContext({ baseURL: new URL(page.url()).origin, javaScriptEnabled: jsEnabled(info) });
  const p = await other.newPage();
  await p.goto('/login');
  await Promise.all([p.waitForURL(/\/reset$/), p.getByRole('link', { name: '忘记密码？' }).click()]);
  await p.getByLabel('手机号码').fill(phone);
  await p.getByRole('button', { name: '获取验证码' }).click();
  await expect(p.getByRole('status')).toContainText('验证码已发送');
  await p.getByLabel('短信验证码').fill(await codeFromOutbox(p, phone));
  await p.getByLabel('新密码').fill('xiulan2027');
  await p.getByLabel('再次输入密码').fill('xiulan2027');
  await Promise.all([p.waitForURL(/\/login\?reset=1/), p.getByRole('button', { name: '重设密码' }).click()]);
  await expect(p.getByRole('status')).toContainText('密码已重设');
  await other.close();

  // The first phone was signed out; the new password works.
  await open(page, info, '/me');
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, info, phone, 'xiulan2027');
  await open(page, info, '/me/security');
  await expect(page.locator('.device')).toHaveCount(1);
  await expect(page.locator('.device')).toContainText('本设备');
});

// 认证等级: a newly registered resident (level 1) meets the community counter instead of the
// 社保 form; staff 李敏 types the number from the ID card, and the form opens.
test('a resident reaches level 2 at the community counter', async ({ page, browser }, info) => {
  const seed = Date.now() % 100000000 + (jsEnabled(info) ? 31 : 32);
  const phone = uniquePhone(seed);
  const name = jsEnabled(info) ? '吴晓燕' : '吴晓梅';
  await registerResident(page, info, { phone, name, id: residentId(seed), password: 'xiaoyan2026', building: '幸福里小区 4 号楼' });

  await open(page, info, '/services/RS003/apply');
  await expect(page.getByRole('heading', { level: 2, name: /需要二级/ })).toBeVisible();
  await expect(page.locator('.gate')).toContainText('幸福里小区 2 号楼一层');
  await expect(page.locator('.gate')).toContainText('周一至周五 8:30–12:00');
  await expect(page.getByRole('button', { name: '提交申请' })).toHaveCount(0);
  if (jsEnabled(info)) await expectNoAxeViolations(page);

  // At the counter: staff find her and type the number on the card she shows.
  const counter = await browser.newContext({ baseURL: new URL(page.url()).origin, javaScriptEnabled: jsEnabled(info) });
  const staff = await counter.newPage();
  await signIn(staff, info, '13900000001');
  await open(staff, info, '/staff/residents');
  const row = staff.locator('li.resident', { hasText: name });
  await row.getByLabel('证件上的身份证号').fill(residentId(seed + 1));
  await Promise.all([staff.waitForURL(/\/staff\/residents/), row.getByRole('button', { name: '核验通过' }).click()]);
  await settle(staff, info);
  await expect(staff.locator('li.resident', { hasText: name }).locator('.error')).toContainText('不一致');
  await staff.locator('li.resident', { hasText: name }).getByLabel('证件上的身份证号').fill(residentId(seed));
  await Promise.all([staff.waitForURL(/\/staff\/residents\?checked=1/), staff.locator('li.resident', { hasText: name }).getByRole('button', { name: '核验通过' }).click()]);
  await expect(staff.getByRole('status')).toContainText('已完成核验');
  await counter.close();

  await open(page, info, '/services/RS003/apply');
  await expect(page.getByRole('button', { name: '提交申请' })).toBeVisible();
  await open(page, info, '/me/identity');
  await expect(page.locator('.level')).toHaveText('二级（身份已核验）');
});

// 个人信息: a resident downloads everything Linli holds about them, then closes the account.
test('a resident downloads their data and closes the account', async ({ page }, info) => {
  const seed = Date.now() % 100000000 + (jsEnabled(info) ? 41 : 42);
  const phone = uniquePhone(seed);
  await registerResident(page, info, { phone, name: '冯建国', id: residentId(seed), password: 'jianguo2026', building: '幸福里小区 5 号楼' });

  await Promise.all([page.waitForURL(/\/me\/data$/), page.getByRole('link', { name: '我的个人信息' }).click()]);
  await settle(page, info);
  if (jsEnabled(info)) await expectNoAxeViolations(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载（ZIP）' }).click()]);
  expect(download.suggestedFilename()).toBe('linli-my-data.zip');
  const zip = readFileSync(await download.path());
  expect(zip.subarray(0, 2).toString()).toBe('PK');
  expect(zip.includes(Buffer.from('account.json'))).toBe(true);

  await page.getByLabel('当前密码').fill('jianguo2026');
  await page.getByLabel('确认注销').fill('注销');
  await Promise.all([page.waitForURL(/\/\?closed=1$/), page.getByRole('button', { name: '注销账号' }).click()]);
  await expect(page.getByRole('status')).toContainText('账号已注销');
  await open(page, info, '/login');
  await page.getByLabel('手机号码').fill(phone);
  await page.getByLabel(/^密码/).fill('jianguo2026');
  await page.getByRole('button', { name: '登录' }).click();
  await expect(page).toHaveURL(/\/login/);
});

// 身份争议: someone registered her ID number first. She registers anyway (the number is only
// claimed), and staff 李敏, holding her card, move the number to her.
test('an identity dispute is settled at the counter', async ({ page, browser }, info) => {
  const seed = Date.now() % 100000000 + (jsEnabled(info) ? 51 : 52);
  const first = await browser.newContext({ baseURL: info.project.use.baseURL, javaScriptEnabled: jsEnabled(info) });
  const impostor = await first.newPage();
  await registerResident(impostor, info, { phone: uniquePhone(seed), name: '韩冒名', id: residentId(seed), password: 'maoming2026', building: '幸福里小区 6 号楼' });
  await first.close();

  const name = jsEnabled(info) ? '韩真真' : '韩真实';
  await registerResident(page, info, { phone: uniquePhone(seed + 1), name, id: residentId(seed), password: 'zhenzhen2026', building: '幸福里小区 6 号楼' });
  await expect(page.getByRole('alert')).toContainText('已被另一个账号登记');

  const counter = await browser.newContext({ baseURL: new URL(page.url()).origin, javaScriptEnabled: jsEnabled(info) });
  const staff = await counter.newPage();
  await signIn(staff, info, '13900000001');
  await open(staff, info, '/staff/residents');
  const row = staff.locator('li.resident', { hasText: name });
  await expect(row).toContainText('身份争议');
  await row.getByLabel('证件上的身份证号').fill(residentId(seed));
  await Promise.all([staff.waitForURL(/\/staff\/residents\?moved=1/), row.getByRole('button', { name: '核实并转移身份证号' }).click()]);
  await expect(staff.getByRole('status')).toContainText('身份证号已转到证件持有人名下');
  await counter.close();

  await open(page, info, '/me/identity');
  await expect(page.locator('.level')).toHaveText('二级（身份已核验）');
});
