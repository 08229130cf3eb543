import { expect } from '@playwright/test';
import path from 'path';
import { test, expectNoAxeViolations, jsEnabled, open, settle, signIn, STAFF_PHONE } from './helpers';

// 自助终端 at a kiosk's screen (1080×1920, touch), with and without JavaScript: the terminal of
// 幸福里's centre is paired with its device secret (published with the demo); a guide is handed
// to a phone by a one-time QR; 王秀英 signs in by the QR her phone shows, applies with a photo
// taken on her phone, prints the receipt as a slip (no ID or phone number on paper), and calls staff, who see the terminal's name in their inbox. With JavaScript
// she then walks away: after a minute the terminal asks "还需要更多时间吗？", one tap gives more
// time, and the next time the countdown ends her session, the start screen returns and nothing
// of hers is left in the browser. Without JavaScript, 结束并退出 does the same.
const DEMO_SECRET = 'DEMO-KIOS-KXFL-LINL-2026';
const TERMINAL = '幸福里党群服务中心 1 号机';

test.use({ viewport: { width: 1080, height: 1920 }, deviceScaleFactor: 1, isMobile: false, hasTouch: true });

test('a resident uses the kiosk, calls staff, and the idle timeout wipes her session', async ({ page, browser }, info) => {
  test.setTimeout(240_000);
  await open(page, info, '/kiosk/pair');
  await page.getByLabel('设备密钥').fill(DEMO_SECRET.toLowerCase());
  await Promise.all([page.waitForURL(/\/kiosk$/), page.getByRole('button', { name: '配对' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('heading', { name: '欢迎使用自助服务终端' })).toBeVisible();
  await expect(page.locator('html')).toHaveClass(/kiosk/);
  if (jsEnabled(info)) await expectNoAxeViolations(page);
  // The two buttons are big enough for any finger (60×60 at least).
  for (const name of ['结束并退出', '呼叫工作人员']) {
    const box = await page.getByRole('button', { name }).boundingBox();
    expect(box && box.width >= 60 && box.height >= 60).toBeTruthy();
  }

  // 在手机上继续: the terminal shows a one-time QR; the phone opens the same page, once.
  await open(page, info, '/services/RS003');
  await Promise.all([page.waitForURL(/\/kiosk\/handoff\?t=/), page.getByRole('button', { name: '在手机上继续' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('img', { name: '在手机上继续办理的二维码' })).toBeVisible();
  if (jsEnabled(info)) await expectNoAxeViolations(page);
  const token = new URL(page.url()).searchParams.get('t');
  const phone = await browser.newPage();
  await phone.goto(`/h/${token}`);
  expect(new URL(phone.url()).pathname).toBe('/services/RS003');
  expect((await phone.goto(`/h/${token}`))?.status()).toBe(404);
  await phone.close();

  // She signs in with her mobile: it shows a one-time QR, which the terminal's camera
  // photographs (the picture is the mobile's real QR, taken off its screen).
  const mobileContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const mobile = await mobileContext.newPage();
  await signIn(mobile, info, '13800000001');
  await open(mobile, info, '/me/kiosk-code');
  await Promise.all([mobile.waitForURL(/\/me\/kiosk-code\?t=/), mobile.getByRole('button', { name: '生成新的登录码' }).click()]);
  await settle(mobile, info);
  if (jsEnabled(info)) await expectNoAxeViolations(mobile);
  const qr = await mobile.getByRole('img', { name: '登录二维码' }).screenshot();
  await open(page, info, '/kiosk');
  await Promise.all([page.waitForURL(/\/kiosk\/sign-in$/), page.locator('#main').getByRole('link', { name: '登录' }).click()]);
  await settle(page, info);
  if (jsEnabled(info)) await expectNoAxeViolations(page);
  if (jsEnabled(info)) {
    // The terminal's camera, live: a still of what it sees is sent (Chromium's test pattern holds
    // no QR, so it is refused beside the field, and the page says what to do).
    await expect(page.getByRole('button', { name: '对准后点这里拍下二维码' })).toBeVisible();
    await page.waitForFunction(() => (document.querySelector('.kiosk-camera video') as HTMLVideoElement | null)?.videoWidth);
    await Promise.all([page.waitForURL(/\/kiosk\/sign-in\/photo$/), page.getByRole('button', { name: '对准后点这里拍下二维码' }).click()]);
    await expect(page.locator('#photo-error')).toContainText('照片里没有找到登录二维码');
  }
  await page.getByLabel('拍摄手机上的二维码').setInputFiles({ name: 'qr.png', mimeType: 'image/png', buffer: qr });
  await Promise.all([page.waitForURL(/\/kiosk$/), page.getByRole('button', { name: '用二维码登录' }).click()]);
  await settle(page, info);
  await expect(page.locator('#main').getByRole('link', { name: '登录' })).toHaveCount(0);

  // She applies for a social security card; the ID photo is taken on her mobile, handed over by
  // a one-time QR (the mobile follows the address the QR holds), and offered in the form.
  await open(page, info, '/services/RS003/apply');
  await Promise.all([page.waitForURL(/\/kiosk\/photo\?t=/), page.getByRole('button', { name: /用手机拍：.*证件照/ }).click()]);
  await settle(page, info);
  if (jsEnabled(info)) await expectNoAxeViolations(page);
  const photoToken = new URL(page.url()).searchParams.get('t');
  await mobile.context().clearCookies(); // the upload needs no sign-in on the mobile
  await open(mobile, info, `/h/p/${photoToken}`);
  if (jsEnabled(info)) await expectNoAxeViolations(mobile);
  await mobile.getByLabel('拍照或选择照片').setInputFiles(path.join(__dirname, '..', 'fixtures', 'photo.jpg'));
  await Promise.all([mobile.waitForURL(/\/h\/photo-received$/), mobile.getByRole('button', { name: '上传到终端' }).click()]);
  await mobileContext.close();
  await Promise.all([page.waitForURL(/\/services\/RS003\/apply$/), page.getByRole('link', { name: '已经拍好，返回填写' }).click()]);
  await settle(page, info);
  await page.locator('input[name=w_photo]').first().check();
  await page.locator('input[name=m_id_card]').setInputFiles(path.join(__dirname, '..', 'fixtures', 'id-card.jpg'));
  await page.getByLabel('申请说明').fill('在自助终端申领社保卡');
  await Promise.all([page.waitForURL(/\/receipt$/), page.getByRole('button', { name: '提交申请' }).click()]);
  await settle(page, info);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('受理回执');
  const ref = (await page.locator('.ref-no').textContent())!.trim();
  // Printed as a slip at the terminal's receipt printer: the reference number, never her ID
  // number or full mobile number, and none of the terminal's buttons.
  await open(page, info, `${new URL(page.url()).pathname}?paper=80mm`);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('html')).toHaveClass(/paper-80mm/);
  await expect(page.locator('.kiosk-bar')).toBeHidden();
  const printed = await page.locator('body').innerText();
  expect(printed).toContain(ref);
  expect(printed).not.toMatch(/\d{17}[\dX]|1[3-9]\d{9}/);
  await page.emulateMedia({ media: 'screen' });

  await Promise.all([page.waitForURL(/called=1/), page.getByRole('button', { name: '呼叫工作人员' }).click()]);
  await settle(page, info);
  await expect(page.getByText('已通知社区工作人员，请稍候。')).toBeVisible();
  const staff = await browser.newPage();
  await signIn(staff, info, STAFF_PHONE);
  await open(staff, info, '/me/inbox');
  await expect(staff.locator('.inbox')).toContainText(TERMINAL);
  await staff.close();

  if (jsEnabled(info)) {
    // She walks away: after a minute the terminal asks, and one tap gives more time.
    const dialog = page.getByRole('dialog', { name: '还需要更多时间吗？' });
    await expect(dialog).toBeVisible({ timeout: 75_000 });
    await dialog.getByRole('button', { name: '需要，继续使用' }).click();
    await expect(dialog).toBeHidden();
    // Then nobody touches it: the countdown ends the session and the start screen returns.
    await expect(dialog).toBeVisible({ timeout: 75_000 });
    await page.waitForURL(/\/kiosk$/, { timeout: 30_000 });
  } else {
    await Promise.all([page.waitForURL(/\/kiosk$/), page.getByRole('button', { name: '结束并退出' }).click()]);
  }
  await settle(page, info);
  await expect(page.locator('#main').getByRole('link', { name: '登录' })).toBeVisible();
  const cookies = (await page.context().cookies()).map((c) => c.name);
  expect(cookies.filter((c) => c.endsWith('linli_session'))).toEqual([]);
  expect(cookies.some((c) => c.endsWith('linli_kiosk'))).toBeTruthy();
  if (jsEnabled(info)) {
    const left = await page.evaluate(async () => ({ local: localStorage.length, session: sessionStorage.length, caches: (await caches.keys()).length }));
    expect(left).toEqual({ local: 0, session: 0, caches: 0 });
  }
  await open(page, info, '/me');
  await expect(page.locator('#profile')).toHaveCount(0);
});
