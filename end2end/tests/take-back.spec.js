// The author takes a sent post back before it is approved.
const { test, expect } = require('@playwright/test');
const {
  hydrated, signIn, checkPage, sendToSupporter,
} = require('./helpers');

test('an author takes a sent post back after one question', async ({ page }) => {
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  await page.getByLabel('Write your words').fill('Bake sale on Friday.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(page.getByRole('status')).toHaveText('We saved your post.');
  await sendToSupporter(page);

  await page.getByRole('link', { name: 'Open Bake sale on Friday.' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Take my post back' }).click();
  const question = page.getByRole('alertdialog', { name: 'Take it back? Your supporter will not see it.' });
  await expect(question).toBeVisible();
  await checkPage(page);
  // "No" changes nothing.
  await question.getByRole('button', { name: 'No, leave it' }).click();
  await expect(question).toHaveCount(0);
  await page.getByRole('button', { name: 'Take my post back' }).click();
  await page.getByRole('button', { name: 'Yes, take it back' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You took your post back.' })).toBeVisible();

  await page.getByRole('link', { name: 'Our Voice' }).click();
  const mine = page.getByRole('listitem').filter({ hasText: 'You took this post back' });
  await expect(mine.getByRole('link', { name: 'Open Bake sale on Friday.' })).toBeVisible();
});
