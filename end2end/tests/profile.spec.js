// A supporter records how an author likes information; the author's
// pages then use large writing and quiet taps.
const { test, expect } = require('@playwright/test');
const {
  spyOnSpeech, spoken, hydrated, signIn, signOut, checkPage,
} = require('./helpers');

test('a communication profile sets large writing and quiet taps for the author', async ({ page }) => {
  await spyOnSpeech(page);
  await signIn(page, 'alex');
  await page.getByRole('link', { name: 'Reading aloud' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Sam', exact: true }).click();
  const profile = page.getByRole('region', { name: 'How they like information' });
  await profile.getByRole('checkbox', { name: 'Large writing' }).check();
  await profile.getByRole('checkbox', { name: 'Words read aloud' }).uncheck();
  await checkPage(page);
  await profile.getByRole('button', { name: 'Save how they like information' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We saved how they like information.' })).toBeVisible();
  await signOut(page);

  await signIn(page, 'sam');
  const main = page.getByRole('main');
  await expect(main).toHaveClass(/large-text/);
  const size = await main.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const body = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(size).toBeGreaterThan(body * 1.2);
  await checkPage(page);
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  await page.getByLabel('Find a picture').fill('dog');
  const before = (await spoken(page)).length;
  await page.getByRole('list', { name: 'Pictures found' }).getByRole('button', { name: 'dog', exact: true }).first().click();
  const post = page.getByRole('list', { name: 'My post' });
  await expect(post.getByRole('listitem')).toHaveCount(1);
  // Tapping the tile would say "dog"; with quiet taps it says nothing.
  await post.getByRole('button', { name: 'dog', exact: true }).click();
  await page.waitForTimeout(500);
  expect((await spoken(page)).length).toBe(before);

  // Put Sam back as the other tests expect.
  await signOut(page);
  await signIn(page, 'alex');
  await page.getByRole('link', { name: 'Reading aloud' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Sam', exact: true }).click();
  const again = page.getByRole('region', { name: 'How they like information' });
  await again.getByRole('checkbox', { name: 'Large writing' }).uncheck();
  await again.getByRole('checkbox', { name: 'Words read aloud' }).check();
  await again.getByRole('button', { name: 'Save how they like information' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We saved how they like information.' })).toBeVisible();
});
