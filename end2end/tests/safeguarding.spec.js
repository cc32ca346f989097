// Personal details: a post with a phone number cannot be approved until the
// supporter ticks "I have checked this".
const { test, expect } = require('@playwright/test');
const {
  spyOnSpeech, spoken, hydrated, signIn, checkPage, jpegFile, sendToSupporter, openChecksAs,
} = require('./helpers');

test('a post with a phone number cannot be approved until checked', async ({ page }) => {
  await spyOnSpeech(page);
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  await page.getByLabel('Write your words').fill('Ring me on 07700 900123 about the party.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(page.getByRole('list', { name: 'My post' }).getByRole('listitem')).not.toHaveCount(0);
  await expect(page.getByRole('status')).toHaveText('We saved your post.');
  // The author gets a gentle note, with the words.
  const note = page.getByRole('region', { name: 'Private details' });
  await expect(note).toContainText('Some words may be private. A supporter will check them.');
  await expect(note).toContainText('07700 900123');
  await checkPage(page);
  await sendToSupporter(page);
  await openChecksAs(page, 'alex');
  const post = page.getByRole('article', { name: 'Post by Sam' });
  const details = post.getByRole('region', { name: 'Personal details' });
  await expect(details).toContainText('This looks like a phone number. 07700 900123');
  const approve = post.getByRole('button', { name: 'Approve' });
  await expect(approve).toBeDisabled();
  await checkPage(page);

  // The warning can be heard.
  await details.getByRole('listitem').getByRole('button', { name: 'Read aloud' }).click();
  await expect.poll(async () => (await spoken(page)).at(-1)).toBe('This looks like a phone number. 07700 900123');

  await details.getByRole('checkbox', { name: 'I have checked this' }).check();
  await expect(approve).toBeEnabled();
  await approve.click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();
  await expect(page.getByText('There are no posts to check now.')).toBeVisible();
});

test('a post with a photo cannot be approved until everyone in it said yes', async ({ page }) => {
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  await page.getByLabel('Choose a photo').setInputFiles(await jpegFile(page));
  await page.getByLabel('Words for your photo').fill('our garden');
  await page.getByRole('button', { name: 'Add photo' }).click();
  await expect(page.getByRole('list', { name: 'My post' }).getByRole('listitem')).toHaveCount(1);
  await expect(page.getByRole('status')).toHaveText('We saved your post.');
  await sendToSupporter(page);
  await openChecksAs(page, 'alex');
  const post = page.getByRole('article', { name: 'Post by Sam' });
  const photos = post.getByRole('region', { name: 'Photos' });
  await expect(photos).toContainText('Ask: did everyone in the photo say yes to sharing it?');
  const approve = post.getByRole('button', { name: 'Approve' });
  await expect(approve).toBeDisabled();
  await checkPage(page);
  await photos.getByRole('checkbox', { name: 'Everyone in this photo said yes' }).check();
  await approve.click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved.' })).toBeVisible();
});
