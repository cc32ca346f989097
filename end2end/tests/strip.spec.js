// A real-length post on a tablet: the strip shows the whole sentence, one
// tile is chosen at a time, and its tools show under the strip.
const { test, expect } = require('@playwright/test');
const { spyOnSpeech, spoken, hydrated, signIn, checkPage } = require('./helpers');

const POST = 'I went to the park with my mother. We saw a big dog and had ice cream '
  + 'at the cafe on Friday. It was sunny. I love it.';

function myPost(page) {
  return page.getByRole('list', { name: 'My post' });
}

async function wordsInPost(page) {
  return (await myPost(page).getByRole('button').allInnerTexts()).map((t) => t.trim());
}

async function pictureOf(page, word) {
  return myPost(page).getByRole('button', { name: word, exact: true }).locator('img').getAttribute('src');
}

test('a 28-word post fits the tablet as a strip, and one chosen tile is edited', async ({ page }) => {
  expect(POST.split(/\s+/)).toHaveLength(28);
  await spyOnSpeech(page);
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  await page.getByLabel('Write your words').fill(POST);
  await page.getByRole('button', { name: 'Make pictures' }).click();

  // "ice cream" is one tile with one picture; every other word is a tile.
  await expect(myPost(page).getByRole('listitem')).toHaveCount(27);
  const words = await wordsInPost(page);
  expect(words.slice(0, 8)).toEqual(['I', 'went', 'to', 'the', 'park', 'with', 'my', 'mother.']);
  expect(words).toContain('ice cream');
  expect(await pictureOf(page, 'ice cream')).toMatch(/\/symbols\/(mulberry|openmoji)\//);
  // A mother is never a moth.
  expect(await pictureOf(page, 'mother.') || '').not.toMatch(/\/moth[._]/);
  await expect(page.getByText('We saved your post.')).toBeVisible();

  // The strip is at most one screen high, the whole page at most two.
  const strip = await myPost(page).boundingBox();
  const pageHeight = await page.evaluate(() => document.documentElement.scrollHeight);
  console.log(`strip ${Math.round(strip.height)} px high, page ${pageHeight} px, at 820x1180`);
  await page.screenshot({ path: test.info().outputPath('strip-28-words.png'), fullPage: true });
  expect(strip.height).toBeLessThanOrEqual(1180);
  expect(pageHeight).toBeLessThanOrEqual(2 * 1180);
  await myPost(page).scrollIntoViewIfNeeded();
  await checkPage(page);

  // No tile is chosen yet, so no tools show.
  await expect(page.getByRole('region', { name: /^You chose:/ })).toHaveCount(0);

  // Tapping a tile chooses it, says it, and shows its tools.
  const dog = myPost(page).getByRole('button', { name: 'dog', exact: true });
  await dog.click();
  await expect(dog).toHaveAttribute('aria-pressed', 'true');
  expect((await spoken(page)).at(-1)).toBe('dog');
  const tools = page.getByRole('region', { name: 'You chose: dog' });
  await expect(tools).toBeVisible();
  await expect(tools).toBeInViewport();
  await page.screenshot({ path: test.info().outputPath('strip-dog-chosen.png') });
  await checkPage(page);

  // Keyboard: arrows move the choice along the strip; Tab goes to the tools.
  await dog.focus();
  await page.keyboard.press('ArrowRight');
  await expect(myPost(page).getByRole('button', { name: 'and', exact: true })).toBeFocused();
  await expect(page.getByRole('region', { name: 'You chose: and' })).toBeVisible();
  await page.keyboard.press('ArrowLeft');
  await expect(dog).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Words for dog')).toBeFocused();

  // Move it earlier, swap its picture, remove it, undo.
  await tools.getByRole('button', { name: 'Move dog earlier' }).click();
  expect((await wordsInPost(page)).slice(10, 14)).toEqual(['a', 'dog', 'big', 'and']);
  const before = await pictureOf(page, 'dog');
  await tools.getByRole('button', { name: 'Other pictures for dog' }).click();
  const others = page.getByRole('list', { name: 'Other pictures for dog' });
  await others.getByRole('button').nth(1).click();
  await expect.poll(() => pictureOf(page, 'dog')).not.toBe(before);
  await tools.getByRole('button', { name: 'Remove dog' }).click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(26);
  await expect(page.getByRole('region', { name: /^You chose:/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(27);
  await expect(myPost(page).getByRole('button', { name: 'dog', exact: true })).toBeVisible();
  await expect(page.getByText('We saved your post.')).toBeVisible();
  await checkPage(page);
});
