import { expect } from '@playwright/test';
import { test, ADMIN_PHONE, expectNoAxeViolations, jsEnabled, open, signIn, smallTargets, STAFF_PHONE } from './helpers';

const PUBLIC_PAGES = ['/', '/services', '/services?q=sb', '/services/RS003', '/services/MZ004', '/register', '/login', '/reset', '/settings', '/nowhere', '/feedback', '/board', '/market', '/market/1', '/notices', '/notices/1', '/verify', '/things', '/counter', '/queue/cy-xfl', '/queue/cy-xfl/take', '/kiosk', '/kiosk/pair', '/kiosk/sign-in', '/h/photo-received'];
const SIGNED_IN_PAGES = ['/me', '/staff/residents', '/services/RS003/apply', '/work/feedback', '/work/rectifications', '/me/feedback', '/work/providers', '/work/providers/1', '/me/security', '/me/identity', '/me/data', '/me/security/phone', '/me/calendar', '/work/notices', '/work/notices/2', '/me/groups', '/work/surveys', '/work/surveys/1', '/work/help', '/help/2', '/work/counter/cy-xfl', '/counter/cy-xfl?service=identity', '/insights', '/insights?group=alone', '/feedback/new?who=%E7%8E%8B', '/work/kiosk-code?who=%E7%8E%8B'];

for (const mode of ['standard', 'elder'] as const) {
  test(`axe-core finds nothing on every page in ${mode} mode`, async ({ page }, info) => {
    // axe runs as script inside the page, so it cannot run where script is off; the HTML it
    // checks in the js project is the same server-rendered HTML the no-js project gets.
    test.skip(!jsEnabled(info), 'axe-core needs page script');
    test.setTimeout(240_000); // some thirty pages, each checked twice in 长辈版
    await open(page, info, `/?mode=${mode}`);
    for (const url of PUBLIC_PAGES) {
      await open(page, info, url);
      await expect(page.locator('html')).toHaveClass(mode);
      await expectNoAxeViolations(page);
      if (mode === 'elder') expect(await smallTargets(page, 60), url).toEqual([]);
    }
    const officer = ['13700000001', ['/work', '/work?overdue=1', '/me/inbox', '/work/notices', '/work/notices/1']] as const;
    const admin = [ADMIN_PHONE, ['/admin/calendar?year=2026', '/admin/outbox', '/admin/feedback', '/admin/open311', '/admin/retention', '/admin/boundaries', '/admin/time-bank', '/admin/keys', '/work/counter/cy-xfl', '/insights', '/admin/kiosks']] as const;
    // 陈静: a resident in a questionnaire's audience and a volunteer of the community.
    const volunteer = ['13800000003', ['/surveys/1', '/help', '/help/2', '/volunteer', '/me/groups']] as const;
    // 王秀英 holds a 老年人优待证 and has booked the identity check.
    const holder = ['13800000001', ['/me/certificates', '/counter', '/me/kiosk-code']] as const;
    // 张伟 filed 新生儿出生一件事 for his baby.
    const father = ['13800000002', ['/things', '/things/birth']] as const;
    const provider = ['13500000001', ['/provider', '/provider/listings/1', '/provider/listings/new', '/provider/apply', '/me/orders']] as const;
    for (const [phone, urls] of [[STAFF_PHONE, SIGNED_IN_PAGES], admin, officer, provider, volunteer, holder, father] as const) {
      await signIn(page, info, phone);
      for (const url of urls) {
        await open(page, info, url);
        await expectNoAxeViolations(page);
        if (mode === 'elder') expect(await smallTargets(page, 60), url).toEqual([]);
      }
      await page.context().clearCookies();
      await open(page, info, `/?mode=${mode}`);
    }
  });
}

test('pages reflow at 320 px and at 200 % zoom without sideways scrolling', async ({ page }, info) => {
  for (const mode of ['standard', 'elder']) {
    for (const [width, zoom] of [[320, '1'], [640, '2']] as const) {
      await page.setViewportSize({ width, height: 800 });
      for (const url of ['/', '/services', '/services/RS003', '/register']) {
        await open(page, info, `${url}${url.includes('?') ? '&' : '?'}mode=${mode}`);
        const overflow = await page.evaluate((z) => {
          document.documentElement.style.setProperty('zoom', z);
          return document.documentElement.scrollWidth - document.documentElement.clientWidth;
        }, zoom);
        expect(overflow, `${url} ${mode} ${width}px zoom ${zoom}`).toBeLessThanOrEqual(1);
      }
    }
  }
});

test('keyboard alone: the skip link comes first and lands on the content', async ({ page }, info) => {
  await open(page, info, '/services');
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: '跳到主要内容' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  const focusedInMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
  expect(focusedInMain).toBe(true);
});
