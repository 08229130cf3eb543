import { expect, Page, test } from '@playwright/test';
import { jsEnabled, open, settle, signIn } from './helpers';

/** Waits until the service worker controls the page (it claims pages as it activates). */
async function workerInCharge(page: Page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
}

// Installable, and readable offline: 张伟 opens a notice and a receipt; with the network cut
// (the browser's offline mode) both reopen under a banner saying they are offline and from
// when, a page he never opened says it needs a connection, and a form says nothing was sent.
// After he signs out, nothing of his is readable offline. Chrome finds the app installable.
test('a resident rereads a notice and a receipt offline, and nothing after signing out', async ({ page, context }, info) => {
  test.skip(!jsEnabled(info), 'the service worker is JavaScript');
  await signIn(page, info, '13800000002');
  await open(page, info, '/');
  await workerInCharge(page);

  // Chrome's own installability check (what Lighthouse used): the manifest, icons and worker.
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  // A Playwright context is incognito, where Chrome never installs anything: that one is the
  // test browser's, every other reason would be the app's.
  expect(installabilityErrors.filter((e) => e.errorId !== 'in-incognito')).toEqual([]);
  const manifest = await cdp.send('Page.getAppManifest');
  expect(manifest.errors).toEqual([]);

  await open(page, info, '/me/applications');
  const first = page.locator('main h2 a[href^="/me/applications/"]').first();
  const ref = ((await first.getAttribute('href')) ?? '').split('/').pop() ?? '';
  expect(ref).toMatch(/^\d{16}$/);
  const receipt = `/me/applications/${ref}/receipt`;
  await open(page, info, receipt);
  await expect(page.getByText(ref).first()).toBeVisible();
  await open(page, info, '/notices');
  const notice = page.locator('a[href^="/notices/"]').first();
  const noticeUrl = (await notice.getAttribute('href')) ?? '';
  const noticeTitle = (await notice.innerText()).trim();
  await open(page, info, noticeUrl);

  await context.setOffline(true);
  await page.goto(receipt);
  await expect(page.locator('#offline-banner')).toHaveText(/^离线，显示的是 \d\d:\d\d 的内容/);
  await expect(page.getByText(ref).first()).toBeVisible();
  await page.goto(noticeUrl);
  await expect(page.locator('#offline-banner')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(noticeTitle);
  await page.goto('/me/inbox');
  await expect(page.getByRole('alert')).toContainText('这个页面还没有保存在本机');
  await page.goto(receipt);
  await page.locator('.menu > summary').click();
  await page.getByRole('button', { name: '退出登录' }).click();
  await expect(page.getByRole('alert')).toContainText('此操作需要网络连接，没有提交任何内容');

  // Back online he signs out; offline again, his receipt is gone from this phone.
  await context.setOffline(false);
  await open(page, info, receipt);
  await page.locator('.menu > summary').click();
  await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.getByRole('button', { name: '退出登录' }).click()]);
  await settle(page, info);
  await workerInCharge(page); // signing out unregistered it with everything it kept; the page registers it anew
  await context.setOffline(true);
  await page.goto(receipt);
  await expect(page.locator('body')).not.toContainText(ref);
  await expect(page.getByRole('alert')).toContainText('这个页面还没有保存在本机');
  // At most the public home page it showed after he signed out, nothing of his.
  const kept = await page.evaluate(async () => {
    const names = (await caches.keys()).filter((k) => k.startsWith('linli-pages'));
    const urls = await Promise.all(names.map(async (n) => (await (await caches.open(n)).keys()).map((r) => new URL(r.url).pathname)));
    return urls.flat();
  });
  expect(kept.filter((path) => path !== '/')).toEqual([]);
  await context.setOffline(false);
});
