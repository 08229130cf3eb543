import { expect, Page, TestInfo } from '@playwright/test';
import path from 'node:path';
import { test, expectNoAxeViolations, registerResident, jsEnabled, open, residentId, settle, signIn, smallTargets, STAFF_PHONE, uniquePhone } from './helpers';

// 便民服务 end to end, at a phone viewport, with and without JavaScript: a new provider applies
// with a licence → community staff approve → the provider lists a service with a slot → a
// resident books it → the provider confirms, sets out, serves and records payment → the resident
// confirms and rates → the rating shows on the listing.
const ELDER = '13800000001'; // 王秀英, 幸福里社区 1 号楼
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

/** An 18-character unified social credit code with its GB 32100-2015 check character. */
function uscc(seed: number): string {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const first17 = `91330106MA${String(seed).padStart(7, '0').slice(-7)}`;
  let sum = 0;
  let weight = 1;
  for (const c of first17) {
    sum += chars.indexOf(c) * weight;
    weight = (weight * 3) % 31;
  }
  return first17 + chars[(31 - (sum % 31)) % 31];
}

async function as(page: Page, info: TestInfo, phone: string, password?: string) {
  await page.context().clearCookies();
  await signIn(page, info, phone, password);
}

async function axe(page: Page, info: TestInfo) {
  if (jsEnabled(info)) await expectNoAxeViolations(page);
}

async function post(page: Page, info: TestInfo, button: string, url: RegExp) {
  await Promise.all([page.waitForURL(url), page.getByRole('button', { name: button, exact: true }).click()]);
  await settle(page, info);
}

test('a provider joins, lists a service; a resident books it, it is served and rated', async ({ page }, info) => {
  test.setTimeout(180_000);
  const seed = (Date.now() % 10000000) * 10 + (jsEnabled(info) ? 1 : 2);
  const phone = uniquePhone(seed);
  const shop = `${seed % 100000}号便民维修`;
  const title = `上门修水管 ${seed % 100000}`;

  // A new account applies as a provider; a wrong credit code is refused beside the field first.
  await registerResident(page, info, { phone, name: '赵师傅', id: residentId(seed), password: 'shifu2026', building: '幸福里小区 2 号楼' });
  await settle(page, info);
  await open(page, info, '/provider');
  await axe(page, info);
  await Promise.all([page.waitForURL(/\/provider\/apply$/), page.getByRole('link', { name: '申请入驻' }).click()]);
  await settle(page, info);
  await axe(page, info);
  const fill = async (code: string) => {
    await page.getByLabel('商户名称（与营业执照一致）').fill(shop);
    await page.getByLabel('统一社会信用代码（18 位）').fill(code);
    await page.getByLabel('联系人姓名').fill('赵师傅');
    await page.getByLabel('联系电话（手机）').fill(phone);
    await page.getByRole('group', { name: '服务类别' }).getByLabel('家电维修').check();
    await page.getByRole('group', { name: '服务社区' }).getByLabel('朝阳街道 幸福里社区').check();
    await page.locator('input[name=licence]').setInputFiles(fixture('result.pdf'));
  };
  await fill(uscc(seed).slice(0, 17) + (uscc(seed).endsWith('0') ? '1' : '0'));
  await Promise.all([page.waitForURL(/\/provider\/apply$/), page.getByRole('button', { name: '提交申请' }).click()]);
  await settle(page, info);
  await expect(page.locator('#uscc-error')).toContainText('校验不通过');
  await axe(page, info);
  await fill(uscc(seed));
  await post(page, info, '提交申请', /\/provider\?applied=1$/);
  await expect(page.locator('#standing-h + p .status')).toHaveText('待审核');

  // Community staff vet it.
  await as(page, info, STAFF_PHONE);
  await open(page, info, '/work/providers');
  await axe(page, info);
  await Promise.all([page.waitForURL(/\/work\/providers\/\d+$/), page.getByRole('link', { name: shop }).click()]);
  await settle(page, info);
  await axe(page, info);
  await post(page, info, '审核通过', /\/work\/providers\/\d+$/);
  await expect(page.locator('main .status').first()).toHaveText('社区已审核');

  // The provider lists a service with a photo and opens tomorrow 10:00 for one booking.
  await as(page, info, phone, 'shifu2026');
  await open(page, info, '/provider');
  await Promise.all([page.waitForURL(/\/provider\/listings\/new$/), page.getByRole('link', { name: '发布新服务' }).click()]);
  await settle(page, info);
  await axe(page, info);
  await page.getByLabel('服务名称').fill(title);
  await page.getByLabel('服务内容').fill('水管漏水、龙头更换、下水疏通，自带工具配件。');
  await page.getByRole('group', { name: '类别' }).getByLabel('家电维修').check();
  await page.getByRole('group', { name: /适合人群/ }).getByLabel('老年人').check();
  await page.getByLabel('一口价').check();
  await page.getByLabel(/^价格/).fill('80');
  await page.getByLabel('服务时长（分钟）').fill('60');
  await page.getByLabel('服务开始前几小时可免费取消').fill('2');
  await page.locator('input[name=photos]').setInputFiles(fixture('photo.jpg'));
  await post(page, info, '保存', /\/provider\/listings\/\d+\?saved=1$/);
  const listing = new URL(page.url()).pathname.split('/').pop()!;
  const tomorrow = new Date(Date.now() + 8 * 3600_000 + 24 * 3600_000).getUTCDay() || 7;
  await page.getByLabel('星期').selectOption(String(tomorrow));
  await page.getByLabel('开始时间').fill('10:00');
  await page.getByLabel('每时段可接单数').fill('1');
  await post(page, info, '添加时段', new RegExp(`/provider/listings/${listing}$`));
  await expect(page.locator('.slot-rules li')).toHaveCount(1);
  await axe(page, info);

  // A resident finds it by pinyin and books it; the address is prefilled from the account.
  await as(page, info, ELDER);
  await open(page, info, '/market?q=shuiguan');
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await axe(page, info);
  await Promise.all([page.waitForURL(new RegExp(`/market/${listing}$`)), page.getByRole('link', { name: title }).click()]);
  await settle(page, info);
  await expect(page.getByText('社区已审核').first()).toBeVisible();
  await axe(page, info);
  await page.getByRole('group', { name: '选择时段' }).getByRole('radio').first().check();
  const address = page.getByLabel(/上门地址/);
  await expect(address).toHaveValue(/幸福里小区 1 号楼/);
  await address.fill(`${await address.inputValue()} 101 室`);
  await page.getByLabel(/备注/).fill('水槽下面漏水');
  await post(page, info, '提交预约', /\/market\/orders\/M\d+\?booked=1$/);
  const order = new URL(page.url()).pathname;
  await expect(page.locator('.lead .status')).toHaveText('待服务商确认');
  await expect(page.getByText('在线支付暂未开通')).toBeVisible();
  await axe(page, info);

  // The provider confirms, sets out, serves and records cash at the door.
  await as(page, info, phone, 'shifu2026');
  await open(page, info, '/provider');
  await expect(page.getByRole('link', { name: title })).toHaveCount(2); // the listing and the booking
  await open(page, info, order);
  await expect(page.getByText('101 室')).toBeVisible();
  await axe(page, info);
  for (const button of ['确认接单', '出发上门', '服务完成']) {
    await post(page, info, button, new RegExp(`${order}$`));
  }
  await page.getByLabel('实收金额（元）').fill('80');
  await page.getByLabel('收款方式').selectOption('cash');
  await post(page, info, '登记线下收款', new RegExp(`${order}$`));
  await expect(page.getByText('已线下支付 ¥80')).toBeVisible();

  // The resident confirms and rates; the rating shows on the listing.
  await as(page, info, ELDER);
  await open(page, info, order);
  await expect(page.locator('.lead .status')).toHaveText('已服务，待您确认');
  await post(page, info, '确认服务完成', new RegExp(`${order}$`));
  await page.getByLabel('5 星').check();
  await page.getByLabel('评价内容（选填）').fill('师傅准时，修得很好');
  await axe(page, info);
  await post(page, info, '提交评价', new RegExp(`${order}$`));
  await expect(page.locator('.timeline')).toContainText('居民评价');
  await open(page, info, `/market/${listing}`);
  await expect(page.getByText('★ 5.0（1 条评价）')).toBeVisible();
  await expect(page.getByText('师傅准时，修得很好')).toBeVisible();
  await expect(page.getByText('已完成 1 单')).toBeVisible();

  if (jsEnabled(info)) {
    for (const url of [`/market/${listing}?mode=elder`, '/market', order, '/me/orders']) {
      await open(page, info, url);
      await expect(page.locator('html')).toHaveClass('elder');
      await expectNoAxeViolations(page);
      expect(await smallTargets(page, 60), url).toEqual([]);
    }
    await open(page, info, '/?mode=standard');
  }
});
