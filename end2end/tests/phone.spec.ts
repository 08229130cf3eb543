import { expect, Page, TestInfo } from '@playwright/test';
import { test, DEMO_PASSWORD, jsEnabled, open, settle, signIn, smallTargets } from './helpers';

// Phone-first design (#16): every page fits a 320 px phone in both modes, 长辈版 text is never
// below 24 px, the first screen holds the top tasks, and signing in comes back where it started.

const PUBLIC = ['/', '/services', '/services?q=sb', '/services/RS003', '/market', '/market/1', '/notices', '/notices/1', '/board', '/feedback', '/login', '/register', '/settings', '/styleguide'];
// 王秀英: a resident with applications, a help request and messages.
const RESIDENT = ['/me', '/me/applications', '/me/inbox', '/help/2', '/surveys', '/me/orders'];
// Those who serve residents use phones too: a community worker, an officer, an admin.
const STAFF = [['13900000001', ['/work/notices', '/work/surveys', '/work/help', '/work/feedback', '/staff/residents', '/work/providers']],
  ['13700000001', ['/work', '/work?overdue=1', '/work/notices/1']],
  ['13600000001', ['/admin/calendar?year=2026', '/admin/outbox', '/admin/feedback', '/admin/open311', '/admin/time-bank', '/admin/boundaries']]] as const;
const SIZES = [[320, 640], [390, 844]] as const;

/** How far the page scrolls sideways (0 when it fits). */
async function sidewaysScroll(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Visible text drawn smaller than `min` px, SVG chart labels included (by their drawn height). */
async function smallText(page: Page, min: number) {
  return page.evaluate((min) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = (node.textContent || '').trim();
      const el = node.parentElement;
      if (!text || !el || el.closest('[aria-hidden="true"], .visually-hidden, script, style, noscript')) continue;
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || !el.checkVisibility({ visibilityProperty: true })) continue;
      let size = parseFloat(getComputedStyle(el).fontSize);
      const svg = el.closest('svg');
      if (svg && el instanceof SVGGraphicsElement) {
        // A scaled chart draws its text at the size times the scale of its viewBox.
        const scale = svg.getBoundingClientRect().width / (svg.viewBox.baseVal?.width || svg.getBoundingClientRect().width);
        size *= scale;
      }
      if (size < min - 0.5) out.push(`"${text.slice(0, 16)}" ${size.toFixed(1)}px <${el.tagName.toLowerCase()} class="${el.getAttribute('class') ?? ''}">`);
    }
    return out;
  }, min);
}

/** Targets smaller than `min` px, leaving out links inside a sentence (WCAG 2.5.8's inline exception). */
async function smallStandaloneTargets(page: Page, min: number) {
  const inline = await page.evaluate(() => {
    const out: string[] = [];
    document.querySelectorAll('a').forEach((a) => {
      const parent = a.parentElement;
      const own = (a.textContent || '').trim();
      if (parent && (parent.textContent || '').trim().length > own.length + 1) out.push(own.slice(0, 20));
    });
    return out;
  });
  return (await smallTargets(page, min)).filter((t) => !(t.startsWith('A "') && inline.some((text) => t.startsWith(`A "${text}"`))));
}

/** Everything wrong with the page at this size and mode, so one run reports every page. */
async function problems(page: Page, url: string, mode: string, width: number) {
  const where = `${url} ${mode} ${width}px`;
  const out: string[] = [];
  const sideways = await sidewaysScroll(page);
  if (sideways > 1) out.push(`${where}: scrolls ${sideways}px sideways`);
  if (mode === 'elder') {
    out.push(...(await smallText(page, 24)).map((t) => `${where}: text ${t}`));
    out.push(...(await smallTargets(page, 60)).map((t) => `${where}: target ${t}`));
  } else {
    out.push(...(await smallStandaloneTargets(page, 24)).map((t) => `${where}: target ${t}`));
  }
  return out;
}

/** Opens each address at both phone sizes and gathers what is wrong with each. */
async function walk(page: Page, info: TestInfo, mode: string, urls: readonly string[]) {
  const found: string[] = [];
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    for (const url of urls) {
      await open(page, info, url);
      found.push(...(await problems(page, url, mode, width)));
    }
  }
  return found;
}

// One test per mode and reader, each in a fresh browser context: the walk loads every page in
// full, and one tab that loaded all 166 held enough WebAssembly instances, not yet collected, for
// Chromium to refuse the next one ("Cannot allocate Wasm memory for new instance").
const READERS = [['public', null, PUBLIC], ['resident', '13800000001', RESIDENT], ...STAFF.map(([phone, urls]) => [`staff ${phone}`, phone, urls])] as const;
for (const mode of ['standard', 'elder'] as const) {
  for (const [who, phone, urls] of READERS) {
    test(`every page fits 320 px and 390 px in ${mode} mode, with 长辈版 text and targets large enough: ${who}`, async ({ page }, info) => {
      test.skip(!jsEnabled(info), 'layout is the same server-rendered HTML without script; once is enough');
      test.setTimeout(240_000);
      await open(page, info, `/?mode=${mode}`);
      if (phone) {
        await signIn(page, info, phone);
        await open(page, info, `/?mode=${mode}`);
      }
      expect(await walk(page, info, mode, urls)).toEqual([]);
    });
  }
}

test('the first screen of home holds the search box and at least six top tasks, in both modes', async ({ page }, info) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const mode of ['standard', 'elder'] as const) {
    await open(page, info, `/?mode=${mode}`);
    const tabbar = await page.locator('.tabbar').boundingBox();
    const fold = tabbar ? tabbar.y : 844;
    const fullyVisible = async (selector: string) => {
      const boxes = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
      return boxes.filter((b) => b.top >= 0 && b.bottom <= fold && b.width > 0).length;
    };
    expect(await fullyVisible('#home-q'), mode).toBe(1);
    expect(await fullyVisible(mode === 'elder' ? '.tiles a' : '.task-grid a'), mode).toBeGreaterThanOrEqual(6);
    // No tile label breaks inside a word: each fits on as few lines as its words need.
    if (mode === 'elder') {
      const broken = await page.locator('.tiles a span').evaluateAll((els) =>
        els.filter((e) => e.getBoundingClientRect().height > parseFloat(getComputedStyle(e).lineHeight) * 1.5).map((e) => e.textContent));
      expect(broken).toEqual([]);
    }
  }
});

test('the tab bar takes a phone to home, services, messages and 我的, and marks where you are', async ({ page }, info) => {
  await open(page, info, '/?mode=standard');
  const tabs = page.getByRole('navigation', { name: '底部导航' });
  await expect(tabs.getByRole('link')).toHaveText(['首页', '办事', '通知', '登录']);
  await Promise.all([page.waitForURL('**/services'), tabs.getByRole('link', { name: '办事' }).click()]);
  await settle(page, info);
  await expect(tabs.getByRole('link', { name: '办事' })).toHaveAttribute('aria-current', 'page');
  // 王秀英's count on 消息 is the number of unread lines her inbox then shows (none: no count).
  await signIn(page, info, '13800000001');
  await open(page, info, '/');
  const shown = (await tabs.locator('.tab-count').count()) ? Number(await tabs.locator('.tab-count').textContent()) : 0;
  await Promise.all([page.waitForURL('**/me/inbox'), tabs.getByRole('link', { name: /^消息/ }).click()]);
  await settle(page, info);
  expect(await page.locator('.inbox li.unread').count()).toBe(shown);
  if (shown > 0) {
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/me/inbox/read"] button').click()]);
    await settle(page, info);
  }
  await open(page, info, '/');
  await expect(tabs.locator('.tab-count')).toHaveCount(0);
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办事指南' })).toBeHidden();
  await page.locator('.menu > summary').click();
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办事指南' })).toBeVisible();
  // A wide screen keeps the top navigation open and has no tab bar.
  await page.setViewportSize({ width: 1200, height: 800 });
  await open(page, info, '/');
  await expect(page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '办事指南' })).toBeVisible();
  await expect(page.locator('.tabbar')).toBeHidden();
});

test('signing in from a prompt comes back to the page it started on', async ({ page }, info) => {
  for (const [start, expected] of [['/services/RS003/apply', '/services/RS003/apply'], ['/market/1', '/market/1']] as const) {
    await page.context().clearCookies();
    const response = await open(page, info, start);
    // A listing is public (200) and only its booking needs an account; applying needs one (401).
    expect(response?.status(), start).toBe(start.startsWith('/market') ? 200 : 401);
    await expect(page.locator('main .banner').first()).toContainText(start.startsWith('/market') ? '预约' : '在线申请');
    await Promise.all([page.waitForURL('**/login?next=**'), page.locator('main').getByRole('link', { name: '登录' }).click()]);
    await settle(page, info);
    await page.getByLabel('手机号码').fill('13800000001');
    await page.getByLabel(/^密码/).fill(DEMO_PASSWORD);
    await Promise.all([page.waitForURL((u) => u.pathname === expected), page.getByRole('button', { name: '登录' }).click()]);
    await settle(page, info);
    expect(new URL(page.url()).pathname).toBe(expected);
  }
});

test('screenshots of the styleguide and the main pages in both modes', async ({ page }, info) => {
  test.skip(!jsEnabled(info), 'the same pages; once is enough');
  for (const mode of ['standard', 'elder'] as const) {
    await page.context().clearCookies();
    for (const url of ['/styleguide', '/', '/services', '/services/RS003', '/market', '/board', '/notices/1']) {
      await open(page, info, `${url}${url.includes('?') ? '&' : '?'}mode=${mode}`);
      const name = url === '/' ? 'home' : url.slice(1).replace(/[/?=&]/g, '_');
      await page.screenshot({ path: info.outputPath(`${mode}-${name}.png`), fullPage: url === '/styleguide' });
    }
  }
});
