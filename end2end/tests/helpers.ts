import { Cookie, expect, Page, test as base, TestInfo } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { createHmac } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const DEMO_PASSWORD = 'linli2026';
export const STAFF_PHONE = '13900000001';
export const ADMIN_PHONE = '13600000001';

export function jsEnabled(info: TestInfo): boolean {
  return info.project.name === 'js';
}

/** Opens a page; with JavaScript on, waits until the WASM has hydrated it. */
export async function open(page: Page, info: TestInfo, url: string) {
  const response = await page.goto(url);
  await settle(page, info);
  return response;
}

export async function settle(page: Page, info: TestInfo) {
  await page.waitForLoadState('load');
  if (jsEnabled(info)) {
    // …and, after a link moved without a full load (nav.js), until the new page is in.
    await page.waitForSelector('html[data-hydrated="true"]:not([data-navigating])', { timeout: 20_000 });
  }
}

/** A valid resident ID number (GB 11643-1999 check character) unique to this run: born in
 * 杭州西湖区 on one of 18,000 days from 1950 (by the second the seed was taken), with the
 * serial by the millisecond. (Only the serial varied before: 1,000 numbers, and two journeys
 * of one run could draw the same one.) */
export function residentId(seed: number): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const checks = '10X98765432';
  const born = new Date(Date.UTC(1950, 0, 1) + (Math.floor(seed / 1000) % 18000) * 86_400_000);
  const ymd = born.toISOString().slice(0, 10).replace(/-/g, '');
  const serial = String(seed % 1000).padStart(3, '0');
  const first17 = `330106${ymd}${serial}`;
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + checks[sum % 11];
}

export function uniquePhone(seed: number): string {
  return `158${String(seed).padStart(8, '0').slice(-8)}`;
}

export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
  // 长辈版 promises 7:1 text contrast (WCAG AAA 1.4.6).
  if (await page.locator('html.elder').count()) {
    const aaa = await new AxeBuilder({ page }).withRules(['color-contrast-enhanced']).analyze();
    const low = aaa.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' ')));
    expect(low, `contrast below 7:1 in 长辈版 on ${page.url()}`).toEqual([]);
  }
}


/** Sessions of staff, officers and admins, kept per phone: like a real officer between cases,
 * the test stays signed in (a privileged session ends after 15 idle minutes) instead of giving
 * a fresh authenticator code each time. */
const kept = new Map<string, Cookie[]>();

/** Signs in from `from`; staff, officer and admin accounts then give their authenticator code. */
export async function signIn(page: Page, info: TestInfo, phone: string, password = DEMO_PASSWORD, from = '/login') {
  const saved = kept.get(phone);
  if (saved && password === DEMO_PASSWORD && from === '/login') {
    await page.context().addCookies(saved);
    await open(page, info, '/me');
    if (new URL(page.url()).pathname === '/me' && (await page.locator('#profile').count()) > 0) return;
    kept.delete(phone);
  }
  await open(page, info, from);
  await page.getByLabel(/手机号码|Mobile number/).fill(phone);
  await page.getByLabel(/^密码|^Password/).fill(password);
  await Promise.all([page.waitForURL(/\/me|\/login\/totp/), page.getByRole('button', { name: /^登录$|^Sign in$/ }).click()]);
  await settle(page, info);
  if (new URL(page.url()).pathname === '/login/totp') {
    await giveTotp(page, info, phone);
    kept.set(phone, (await page.context().cookies()).filter((c) => c.name.endsWith('linli_session')));
  }
}

/** The TOTP secret of the demo staff, officer and admin accounts (published for the demo). */
export const DEMO_TOTP_SECRET = 'LINLIDEMOLINLIDEMOLINLIDEMOLINLI';

function base32(secret: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of secret) {
    value = ((value << 5) | alphabet.indexOf(c)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 with SHA-1, six digits, 30-second steps: what an authenticator app shows. */
export function totpCode(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32(secret)).update(counter).digest();
  const o = h[h.length - 1] & 0xf;
  const n = (((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3]) % 1_000_000;
  return String(n).padStart(6, '0');
}

/**
 * A code works once: each sign-in of the same account uses the next step the server takes. The
 * steps used are kept in a file of the run (Playwright empties its output folder when a run
 * starts), because each project runs in a worker process of its own and the server remembers
 * the step across them.
 */
function stepsFile(): string {
  const dir = join(__dirname, '..', 'test-results');
  mkdirSync(dir, { recursive: true });
  return join(dir, '.totp-steps.json');
}

function lastStep(phone: string): number {
  const file = stepsFile();
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8'))[phone] ?? -1) : -1;
}

function recordStep(phone: string, step: number) {
  const file = stepsFile();
  const all = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  all[phone] = step;
  writeFileSync(file, JSON.stringify(all));
}

async function giveTotp(page: Page, info: TestInfo, phone: string) {
  for (let attempt = 0; attempt < 3; attempt++) {
    // Three steps are taken at a time (one either side of now); past them, wait for the clock.
    let step = 0;
    for (let waited = 0; waited < 70; waited++) {
      const here = Math.floor(Date.now() / 30_000);
      step = Math.max(here - 1, lastStep(phone) + 1);
      if (step <= here + 1) break;
      await page.waitForTimeout(1_000);
    }
    recordStep(phone, step);
    await page.getByLabel(/验证器上的 6 位数字|The 6 digits in your authenticator/).fill(totpCode(DEMO_TOTP_SECRET, step));
    await page.getByRole('button', { name: /^验证并登录$|^Verify and sign in$/ }).click();
    await page.waitForLoadState('load');
    if (new URL(page.url()).pathname !== '/login/totp') {
      await settle(page, info);
      return;
    }
  }
  throw new Error(`no authenticator code was taken for ${phone}`);
}

/** Every visible tap target, with its size. */
export async function smallTargets(page: Page, min: number) {
  return page.evaluate((min) => {
    const out: string[] = [];
    document.querySelectorAll('a, button, input, select, textarea, summary').forEach((el) => {
      const e = el as HTMLElement;
      // checkVisibility also leaves out what a closed <details> holds (content-visibility: hidden).
      if (e.offsetParent === null || !e.checkVisibility() || (e as HTMLInputElement).type === 'hidden') return;
      const r = e.getBoundingClientRect();
      if (r.width < min - 0.5 || r.height < min - 0.5) out.push(`${e.tagName} "${(e.textContent || e.getAttribute('name') || '').trim().slice(0, 20)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
    });
    return out;
  }, min);
}

/**
 * The test function to use: it also fails a test when the page logs an error to the console or
 * throws (a hydration mismatch or a WASM panic shows up only there).
 */
export const test = base.extend<{ consoleErrors: void }>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      await use();
      // 4xx answers to refused forms are expected and logged by Chromium as failed loads.
      const real = errors.filter((e) => !/Failed to load resource: the server responded with a status of 4\d\d/.test(e));
      expect(real, 'browser console errors').toEqual([]);
    },
    { auto: true },
  ],
});

/** The newest one-time code sent to `phone`, read where the SMS channel takes it from: the
 * outbox, as an administrator sees it (in a separate browser, so this page keeps its session). */
export async function codeFromOutbox(page: Page, phone: string): Promise<string> {
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser');
  const origin = new URL(page.url()).origin;
  const admin = await browser.newContext({ baseURL: origin });
  try {
    const p = await admin.newPage();
    await p.goto('/login');
    await p.getByLabel(/手机号码|Mobile number/).fill(ADMIN_PHONE);
    await p.getByLabel(/^密码|^Password/).fill(DEMO_PASSWORD);
    await Promise.all([p.waitForURL(/\/login\/totp/), p.getByRole('button', { name: /^登录$|^Sign in$/ }).click()]);
    await giveTotp(p, { project: { name: 'no-js' } } as TestInfo, ADMIN_PHONE);
    await p.goto('/admin/outbox');
    const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
    const row = p.locator('tr', { hasText: masked }).filter({ hasText: '验证码' }).first();
    const text = (await row.textContent()) ?? '';
    const code = text.match(/验证码 (\d{6})/)?.[1];
    if (!code) throw new Error(`no code for ${masked} in the outbox`);
    return code;
  } finally {
    await admin.close();
  }
}

/** Registration step one: the phone, "获取验证码", and the code read from the outbox. */
export async function provePhone(page: Page, info: TestInfo, phone: string): Promise<string> {
  await open(page, info, '/register');
  await page.getByLabel('手机号码').fill(phone);
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/register') && r.request().method() === 'POST'),
    page.getByRole('button', { name: '获取验证码' }).click(),
  ]);
  await settle(page, info);
  await expect(page.getByRole('status')).toContainText('验证码已发送');
  const code = await codeFromOutbox(page, phone);
  await page.getByLabel('短信验证码').fill(code);
  return code;
}

/** A whole registration through the form (code from the outbox); ends signed in at `/me`. */
export async function registerResident(page: Page, info: TestInfo, who: { phone: string; name: string; id: string; password: string; building: string }) {
  await provePhone(page, info, who.phone);
  await page.getByLabel('真实姓名').fill(who.name);
  await page.getByLabel('居民身份证号码').fill(who.id);
  await page.getByLabel(/^密码/).fill(who.password);
  await page.getByLabel('再次输入密码').fill(who.password);
  await page.getByLabel('居住楼栋').selectOption({ label: who.building });
  await page.getByLabel(/个人信息处理规则/).check();
  await Promise.all([page.waitForURL(/\/me\?welcome=1/), page.getByRole('button', { name: '注册' }).click()]);
}
