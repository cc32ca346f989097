// A supporter suggests other words; the author hears both versions and
// says "Yes, post this"; only then can the post be approved.
const { test, expect } = require('@playwright/test');
const {
  spyOnSpeech, spoken, hydrated, signIn, signOut, checkPage, sendToSupporter, openChecksAs,
} = require('./helpers');

test('supporter suggests words, the author hears them and agrees, then it is approved', async ({ page }) => {
  await spyOnSpeech(page);
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  await page.getByLabel('Write your words').fill('Come to our garden party.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(page.getByRole('status')).toHaveText('We saved your post.');
  await sendToSupporter(page);

  // The supporter changes the first words and asks the author.
  await openChecksAs(page, 'alex');
  const post = page.getByRole('article', { name: 'Post by Sam' });
  await post.getByRole('button', { name: 'Suggest other words' }).click();
  const newWords = post.getByRole('region', { name: 'New words' });
  await expect(newWords).toContainText('Change the words. The author will say yes or no.');
  const firstBox = newWords.getByRole('textbox').first();
  await firstBox.fill('Please come');
  await checkPage(page);
  await newWords.getByRole('button', { name: 'Ask the author' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sent to the author.' })).toBeVisible();
  await expect(page.getByText('There are no posts to check now.')).toBeVisible();

  // The author sees and hears both versions, with their pictures.
  await signOut(page);
  await signIn(page, 'sam');
  const mine = page.getByRole('listitem').filter({ hasText: 'Your supporter has new words. Please look.' });
  await mine.getByRole('link', { name: /^Open / }).click();
  await hydrated(page);
  const yours = page.getByRole('region', { name: 'Your words' });
  const theirs = page.getByRole('region', { name: 'New words' });
  await expect(yours.getByRole('list', { name: 'Your words' }).getByRole('listitem').first()).toContainText('Come');
  await expect(theirs.getByRole('list', { name: 'New words' }).getByRole('listitem').first()).toContainText('Please come');
  await theirs.getByRole('button', { name: 'Read aloud' }).click();
  await expect.poll(async () => (await spoken(page)).at(-1)).toMatch(/^Please come /);
  await checkPage(page);
  await page.getByRole('button', { name: 'Yes, post this' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Thank you. We will use the new words.' })).toBeVisible();

  // Now the supporter can approve the words the author agreed to.
  await openChecksAs(page, 'alex');
  const agreed = page.getByRole('article', { name: 'Post by Sam' });
  await expect(agreed.getByRole('list', { name: 'My post' }).getByRole('listitem').first()).toContainText('Please come');
  await agreed.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();
  await page.goto('/feed/our-voice-leeds');
  await expect(page.getByRole('main')).toContainText('Please come');
});
