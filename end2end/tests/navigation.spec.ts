// After the first page Linli moves like a single-page app (nav.js): each later page costs only
// its own HTML; no CSS, JS or wasm is fetched again; focus lands on the new heading and the
// change is announced; back and forward restore the page and its scroll. Without JavaScript the
// same walk is plain links and full loads.
import { expect, Page, test } from '@playwright/test';
import { jsEnabled, open, signIn } from './helpers';

const ELDER = '13800000001';

/** Whether the document the walk began on is still the one shown (no full load since). */
async function sameDocument(page: Page) {
  return page.evaluate(() => (window as unknown as { walkMark?: number }).walkMark === 1);
}

test('home → catalogue → guide → apply form → back, without a full load', async ({ page }, info) => {
  await signIn(page, info, ELDER);
  await open(page, info, '/');
  const bundle: string[] = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (/\.(css|js|wasm)$/.test(path)) bundle.push(path);
  });
  await page.evaluate(() => { (window as unknown as { walkMark?: number }).walkMark = 1; });
  const js = jsEnabled(info);

  await page.locator('a[href="/services"]:visible').first().click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.locator('h1')).toHaveText('办事指南');
  await expect(page).toHaveTitle(/办事指南/);
  if (js) {
    await expect(page.locator('h1')).toBeFocused();
    await expect(page.locator('#nav-status')).toHaveText(/办事指南/);
  }

  // A search (a GET form) moves the same way and shows its own results, not the last list's.
  await page.getByRole('searchbox').first().fill('社保卡');
  await page.getByRole('searchbox').first().press('Enter');
  await expect(page).toHaveURL(/q=/);
  const card = page.locator('a[href="/services/RS003"]').first();
  await expect(card).toBeVisible();
  await page.evaluate(() => window.scrollTo(0, 200));
  const scrolled = await page.evaluate(() => window.scrollY);

  await card.click();
  await expect(page).toHaveURL(/\/services\/RS003$/);
  await expect(page.locator('h1')).toContainText('社会保障卡申领');
  await page.getByRole('link', { name: '在线申请' }).click();
  await expect(page).toHaveURL(/\/services\/RS003\/apply$/);
  await expect(page.getByText('王秀英').first()).toBeVisible();
  // The upload island of the new page is live: its progress bar waits, hidden, in the form.
  if (js) await expect(page.locator('leptos-island[data-component*="upload" i], leptos-island[data-component*="Upload"]').first()).toBeAttached();

  await page.goBack();
  await expect(page).toHaveURL(/\/services\/RS003$/);
  await expect(page.locator('h1')).toContainText('社会保障卡申领');
  await expect(page.getByText('王秀英')).toHaveCount(0); // not the apply form left behind
  await page.goBack();
  await expect(page).toHaveURL(/q=/);
  await expect(page.locator('a[href="/services/RS003"]').first()).toBeVisible();
  if (js) await expect.poll(() => page.evaluate(() => window.scrollY)).toBe(scrolled);
  await page.goForward();
  await expect(page.locator('h1')).toContainText('社会保障卡申领');

  if (js) {
    expect(await sameDocument(page), 'no full page load on the walk').toBe(true);
    expect(bundle, 'no CSS, JS or wasm fetched after the first page').toEqual([]);
  }
});

test('长辈版 follows the reader across pages moved without a full load', async ({ page }, info) => {
  await open(page, info, '/');
  await page.locator('a[href="/services"]:visible').first().click();
  await expect(page.locator('h1')).toHaveText('办事指南');
  await open(page, info, '/services?mode=elder');
  await expect(page.locator('html')).toHaveClass(/elder/);
  await page.locator('a[href="/notices"]:visible').first().click();
  await expect(page).toHaveURL(/\/notices$/);
  await expect(page.locator('html')).toHaveClass(/elder/); // the mode stays with the reader
  await open(page, info, '/services?mode=standard');
  await expect(page.locator('html')).toHaveClass(/standard/);
});
