import { expect } from '@playwright/test';
import { test, jsEnabled, open, settle, signIn, STAFF_PHONE } from './helpers';

// 问卷, with and without JavaScript: 李敏 builds a questionnaire for 幸福里社区 and opens it;
// 王秀英 answers on her phone; 李敏 answers for 陈静 after a call, saying how she agreed; the
// desk shows who answered and the results (cells under five withheld), and the CSV downloads.
test('a questionnaire answered by a resident and by staff for another, with results and CSV', async ({ page }, info) => {
  test.setTimeout(180_000);
  const title = `楼道照明满意度调查 ${Date.now() % 100000}${jsEnabled(info) ? 'a' : 'b'}`;
  await signIn(page, info, STAFF_PHONE);
  await open(page, info, '/work/surveys');
  await page.getByText('新建问卷').click();
  await page.getByLabel(/^标题/).fill(title);
  const closes = new Date(Date.now() + 7 * 86400_000).toISOString().slice(0, 10);
  await page.getByLabel('截止日期').fill(closes);
  await Promise.all([page.waitForURL(/\/work\/surveys\/\d+$/), page.getByRole('button', { name: '保存草稿，然后添加题目' }).click()]);
  await settle(page, info);
  const desk = new URL(page.url()).pathname;
  await page.getByLabel('题型').selectOption('single');
  await page.getByLabel('题目内容').fill('您对楼道照明满意吗？');
  await page.getByLabel(/^选项/).fill('满意\n一般\n不满意');
  await page.getByLabel('必答').check();
  await Promise.all([page.waitForURL(desk), page.getByRole('button', { name: '添加题目' }).click()]);
  await settle(page, info);
  await Promise.all([page.waitForURL(desk), page.getByRole('button', { name: '开始收集' }).click()]);
  await settle(page, info);
  await expect(page.getByText('收集中').first()).toBeVisible();
  await page.context().clearCookies();

  // 王秀英 answers on her phone (refusals are tested on the router: server/tests/surveys.rs).
  await signIn(page, info, '13800000001');
  await open(page, info, '/surveys');
  await Promise.all([page.waitForURL(/\/surveys\/\d+$/), page.getByRole('link', { name: title }).click()]);
  await settle(page, info);
  await page.getByLabel('满意', { exact: true }).check();
  await Promise.all([page.waitForURL(/saved=1/), page.getByRole('button', { name: '提交' }).click()]);
  await settle(page, info);
  await expect(page.getByText('已提交，截止前可以修改。')).toBeVisible();
  await page.context().clearCookies();

  // 李敏 answers for 陈静 after a phone call.
  await signIn(page, info, STAFF_PHONE);
  await open(page, info, desk);
  const card = page.locator('li.card', { hasText: '陈静' });
  await Promise.all([page.waitForURL(/\/residents\/\d+$/), card.getByRole('link', { name: '代为填写' }).click()]);
  await settle(page, info);
  await expect(page.getByText('代居民填写：')).toBeVisible();
  await page.getByLabel('一般', { exact: true }).check();
  await page.getByLabel('电话中同意').check();
  await Promise.all([page.waitForURL(desk), page.getByRole('button', { name: '提交' }).click()]);
  await settle(page, info);
  await expect(page.locator('li.card', { hasText: '陈静' })).toHaveCount(0);
  await expect(page.getByText(/工作人员代填 1/)).toBeVisible();
  // Two answers: every option's count is withheld (under five).
  await expect(page.locator('table').last().locator('td', { hasText: '<5' }).first()).toBeVisible();
  const csv = await page.request.get(`${desk}/results.csv`);
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('"您对楼道照明满意吗？","满意",,<5');
});
