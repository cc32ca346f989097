// Any script at tablet size: the browser counts Bluesky's graphemes as the
// server does, so a post in Urdu that the meter passes is never refused
// after approval.
const path = require('path');
const fs = require('fs');
const { test, expect } = require('@playwright/test');
const { hydrated, signIn, checkPage } = require('./helpers');

// The same hard texts the server's tests count with unicode-segmentation.
const corpus = JSON.parse(
  fs.readFileSync(path.join(__dirname, '../../tests/corpus/hard-text.json'), 'utf8'),
);

test("the browser's grapheme count agrees with the server's for every hard text", async ({ page }) => {
  await page.goto('/sign-in');
  const counted = await page.evaluate((texts) => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    return texts.map((text) => [...segmenter.segment(text)].length);
  }, corpus.map((item) => item.text));
  expect(counted).toEqual(corpus.map((item) => item.graphemes));
});

test('the Bluesky meter counts an Urdu post as Bluesky does', async ({ page }) => {
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await expect(page).toHaveURL(/\/posts\//);
  await hydrated(page);
  const bluesky = page.getByRole('region', { name: 'Room left' }).getByRole('meter', { name: 'Bluesky' });

  // 27 times two words with their vowel marks: 296 graphemes, 404 characters.
  const words = (times) => Array(times).fill('خُوشِی مُبارَک').join(' ');
  await page.getByLabel('Write your words').fill(words(27));
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(page.getByRole('list', { name: 'My post' }).getByRole('listitem')).toHaveCount(54);
  await expect(bluesky).toHaveAttribute('value', '296');
  const room = page.getByRole('region', { name: 'Room left' });
  await expect(room.getByText('Too long', { exact: false })).toHaveCount(0);
  await checkPage(page);
});
