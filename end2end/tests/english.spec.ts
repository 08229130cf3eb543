import { expect, Page } from '@playwright/test';
import { test, open, settle } from './helpers';

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
    if (han.test(document.title)) found.push(`title: ${document.title}`);
    return found;
  });
}

const PAGES = ['/', '/services', '/services?q=shebao', '/services/RS003', '/services/JY001', '/services/MZ001',
  '/market', '/market/1', '/feedback', '/board', '/login', '/register'];

test('English pages show no Chinese outside the parts marked as Chinese', async ({ page }, info) => {
  test.setTimeout(120_000);
  await open(page, info, '/?lang=en');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  for (const url of PAGES) {
    await open(page, info, url);
    expect(await unmarkedChinese(page), url).toEqual([]);
  }
  // An apply form, signed in (the account keeps the language chosen before signing in).
  await open(page, info, '/login');
  await page.getByLabel('Mobile number').fill('13800000002');
  await page.getByLabel(/^Password/).fill('linli2026');
  await Promise.all([page.waitForURL(/\/me/), page.getByRole('button', { name: 'Sign in' }).click()]);
  await settle(page, info);
  for (const url of ['/me', '/services/JY001/apply', '/services/RS003/apply']) {
    await open(page, info, url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    expect(await unmarkedChinese(page), url).toEqual([]);
  }
});
