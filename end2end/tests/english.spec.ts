import { expect, Page } from '@playwright/test';
import { test, open, settle, signIn } from './helpers';

/**
 * Text a reader of the English pages meets that is Chinese without being marked as such.
 * Chinese that belongs there (what residents and providers wrote, names of people and
 * businesses, the language switch) sits inside an element with lang="zh-CN", which is also what
 * a screen reader needs to pronounce it (WCAG 3.1.2). Everything else must be English.
 */
async function unmarkedChinese(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const han = /[\u3400-\u9fff\uf900-\ufaff]/;
    const marked = (el: Element | null) => (el?.closest('[lang]')?.getAttribute('lang') ?? '').startsWith('zh');
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || ['SCRIPT', 'STYLE', 'TEMPLATE'].includes(parent.tagName)) continue;
      const text = node.textContent ?? '';
      if (han.test(text) && !marked(parent)) found.push(`${parent.tagName}: ${text.trim().slice(0, 60)}`);
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
      for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
        const value = el.getAttribute(name) ?? '';
        if (han.test(value) && !marked(el)) found.push(`${el.tagName}[${name}]: ${value.slice(0, 60)}`);
      }
    }
    // The tab title repeats the heading; Chinese there is fine when the heading is marked Chinese.
    const markedHeading = [...document.querySelectorAll('h1[lang^="zh"], h1 [lang^="zh"]')].some((h) =>
      document.title.includes((h.textContent ?? '').trim()));
    if (han.test(document.title) && !markedHeading) found.push(`title: ${document.title}`);
    return found;
  });
}

const PAGES = ['/', '/services', '/services?q=shebao', '/services/RS003', '/services/JY001', '/services/MZ001',
  '/market', '/market/1', '/feedback', '/board', '/login', '/register', '/reset', '/kiosk', '/kiosk/pair', '/kiosk/sign-in', '/h/photo-received'];

test('English pages show no Chinese outside the parts marked as Chinese', async ({ page }, info) => {
  test.setTimeout(120_000);
  await open(page, info, '/?lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (const url of PAGES) {
    await open(page, info, url);
    expect.soft(await unmarkedChinese(page), url).toEqual([]);
  }
  // A public feedback item, as residents wrote it.
  await open(page, info, '/feedback');
  const items = await page.locator('a[href^="/feedback/F"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  const item = items[0];
  if (item) {
    await open(page, info, item);
    expect.soft(await unmarkedChinese(page), item).toEqual([]);
  }
  // An apply form and the resident's own pages, signed in.
  const roles: [string, string[]][] = [
    ['13800000002', ['/me', '/services/JY001/apply', '/services/RS003/apply', '/me/applications', '/me/inbox', '/me/wallet',
      '/me/family', '/feedback/new', '/me/feedback', '/me/orders', '/settings', '/me/calendar', '/notices', '/notices/1', '/me/groups', '/surveys', '/things', '/things/birth', '/counter',
      '/counter/cy-xfl?service=identity', '/queue/cy-xfl', '/queue/cy-xfl/take', '/me/kiosk-code']],
    ['13700000001', ['/work', '/work/feedback', '/work/rectifications', '/work/notices', '/work/notices/1']],
    ['13900000001', ['/staff/residents', '/work/providers', '/work/providers/1', '/work/notices/2', '/work/surveys', '/work/surveys/1', '/work/help', '/help/2', '/work/counter/cy-xfl', '/insights', '/feedback/new?who=%E7%8E%8B', '/work/kiosk-code?who=%E7%8E%8B']],
    ['13800000003', ['/help', '/help/2', '/volunteer', '/surveys/1']],
    ['13500000001', ['/provider', '/provider/listings/1', '/provider/apply']],
    ['13600000001', ['/admin/calendar?year=2026', '/admin/feedback', '/admin/open311', '/admin/outbox', '/admin/retention', '/admin/boundaries', '/admin/time-bank', '/admin/kiosks']],
  ];
  for (const [phone, urls] of roles) {
    await page.context().clearCookies();
    await signIn(page, info, phone, 'linli2026', '/login?lang=en');
    for (const url of urls) {
      await open(page, info, url);
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
      expect.soft(await unmarkedChinese(page), url).toEqual([]);
    }
    // The account remembers its language; give the demo accounts back their Chinese.
    await open(page, info, '/?lang=zh');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  }
});
