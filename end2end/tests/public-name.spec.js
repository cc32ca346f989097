// An author chooses the name the public feed shows, sees what the feed will
// say before and after, and can take the name away again.
const { test, expect } = require('@playwright/test');
const {
  hydrated, signIn, signOut, checkPage,
} = require('./helpers');

test('an author chooses their name on the feed and takes it away again', async ({ page }) => {
  await signIn(page, 'sam');
  const card = page.getByRole('region', { name: 'My name on the feed' });
  await expect(card).toContainText('Now the feed shows no name. It says: A member of Our Voice Leeds');
  await checkPage(page);

  // A surname is a personal detail: refused, in easy words.
  await card.getByLabel('Name to show').fill('Sam Smith');
  await card.getByRole('button', { name: 'Show this name' }).click();
  await expect(card.getByRole('alert')).toContainText('Use a first name or a nickname.');
  await expect(card).toContainText('It says: A member of Our Voice Leeds');

  await card.getByLabel('Name to show').fill('Sammy');
  await card.getByRole('button', { name: 'Show this name' }).click();
  await expect(card).toContainText('Now the feed shows: Sammy from Our Voice Leeds');
  await signOut(page);

  await page.goto('/feed/our-voice-leeds');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Sammy from Our Voice Leeds' }).first()).toBeVisible();

  await signIn(page, 'sam');
  await page.getByRole('region', { name: 'My name on the feed' })
    .getByRole('button', { name: 'Show no name' }).click();
  await expect(page.getByRole('region', { name: 'My name on the feed' }))
    .toContainText('Now the feed shows no name.');
  await signOut(page);
  await page.goto('/feed/our-voice-leeds');
  await hydrated(page);
  await expect(page.getByRole('main')).not.toContainText('Sammy');
});
