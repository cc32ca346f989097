// Read-aloud: Our Voice's voice with each word lit up as it is heard,
// settings per person (a supporter may set them for an author), quiet
// building, and a read-aloud button on every tip.
const { test, expect } = require('@playwright/test');
const {
  spyOnSpeech, spoken, hydrated, signIn, signOut, checkPage,
} = require('./helpers');

function myPost(page) {
  return page.getByRole('list', { name: 'My post' });
}

async function newPostWith(page, words) {
  await page.getByRole('link', { name: 'Our Voice' }).click();
  await page.getByRole('button', { name: 'New post' }).click();
  await expect(page).toHaveURL(/\/posts\//);
  await hydrated(page);
  await page.getByLabel('Write your words').fill(words);
  await page.getByRole('button', { name: 'Make pictures' }).click();
}

/** The index of the tile lit up now, or -1. */
async function litTile(page) {
  return myPost(page).getByRole('listitem')
    .evaluateAll((items) => items.findIndex((item) => item.getAttribute('aria-current') === 'true'));
}

/** Every tile lit while the post is read, in order, until the reading ends. */
async function followHighlight(page) {
  const seen = [];
  const stop = page.getByRole('button', { name: 'Stop' });
  await expect(stop).toBeVisible();
  for (let i = 0; i < 400 && (await stop.count()) > 0; i += 1) {
    const lit = await litTile(page);
    if (lit >= 0 && seen.at(-1) !== lit) seen.push(lit);
    await page.waitForTimeout(25);
  }
  return seen;
}

test('Read my post plays Our Voice\'s voice and the highlight moves through the post', async ({ page }) => {
  await spyOnSpeech(page);
  await signIn(page, 'sam');
  await newPostWith(page, 'I went to the park with my friends.');
  await expect(myPost(page).getByRole('listitem')).toHaveCount(8);
  // Headless Chromium has no voices of its own.
  expect(await page.evaluate(() => speechSynthesis.getVoices().length)).toBe(0);

  await page.getByRole('button', { name: 'Read my post' }).click();
  const seen = await followHighlight(page);
  // The highlight went through the tiles in order, first to last.
  expect(seen[0]).toBe(0);
  expect(seen.at(-1)).toBe(7);
  expect(seen.length).toBeGreaterThanOrEqual(6);
  expect(seen).toEqual([...seen].sort((a, b) => a - b));
  // It was the server's audio that played, and the whole post was asked for.
  expect((await spoken(page)).at(-1)).toBe('I went to the park with my friends.');
  const played = await page.evaluate(() => window.__played);
  expect(played.at(-1).src).toMatch(/\/speech\/[0-9a-f]{64}\.wav$/);
  expect(played.at(-1).playing).not.toBeNull();
  // When it ends, nothing stays lit and the button is back.
  await expect(page.getByRole('button', { name: 'Read my post' })).toBeVisible();
  expect(await litTile(page)).toBe(-1);
});

test('a tip can be heard, its words lit up in turn', async ({ page }) => {
  await spyOnSpeech(page);
  await signIn(page, 'sam');
  await newPostWith(page, 'The new cafe opens on Monday and everyone who comes along will get a free drink and a cake with friends.');
  const tips = page.getByRole('region', { name: 'Tips for easy read' });
  const hint = tips.getByRole('listitem').filter({ hasText: 'This sentence is long.' });
  await expect(hint).toBeVisible();
  await hint.getByRole('button', { name: /^Read aloud/ }).click();
  await expect.poll(async () => (await spoken(page)).at(-1)).toMatch(/^This sentence is long\./);
  // The words of the tip light up one after another as they are heard.
  const lit = [];
  for (let i = 0; i < 200 && lit.length < 3; i += 1) {
    const word = await hint.evaluate((item) => item.querySelector('.now')?.textContent ?? null);
    if (word && lit.at(-1) !== word) lit.push(word);
    await page.waitForTimeout(25);
  }
  expect(lit.slice(0, 3)).toEqual(['This', 'sentence', 'is']);
  expect(await page.evaluate(() => window.__played.at(-1).playing)).not.toBeNull();
});

test('settings are saved per person, a supporter sets them for an author, and quiet building stops speech', async ({ page }) => {
  await spyOnSpeech(page);
  // The supporter makes Sam's voice slower.
  await signIn(page, 'alex');
  await page.getByRole('link', { name: 'Reading aloud' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Sam' }).click();
  await page.getByRole('radio', { name: 'Slower' }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We saved the settings.' })).toBeVisible();
  await checkPage(page);
  await signOut(page);

  // Sam sees it, and turns off speaking on tap for quiet building.
  await signIn(page, 'sam');
  await page.getByRole('link', { name: 'Reading aloud' }).click();
  await hydrated(page);
  await expect(page.getByRole('radio', { name: 'Slower' })).toBeChecked();
  // This tablet (headless Chromium) has no voice: choosing it says so.
  await page.getByRole('radio', { name: "Use the tablet's voice" }).check();
  await expect(page.getByText('This tablet has no voice. Our Voice will read to you.')).toBeVisible();
  await page.getByRole('radio', { name: 'Let Our Voice choose' }).check();
  await expect(page.getByText('This tablet has no voice.')).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'Speak when I tap a picture' }).uncheck();
  await page.getByRole('button', { name: 'Try it' }).click();
  await expect.poll(async () => (await spoken(page)).at(-1)).toBe('Hello. This is how I will sound.');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We saved the settings.' })).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole('checkbox', { name: 'Speak when I tap a picture' })).not.toBeChecked();

  await newPostWith(page, 'We had a lovely day at the seaside with our friends.');
  await expect(myPost(page).getByRole('listitem')).toHaveCount(11);
  const asked = (await spoken(page)).length;
  const speechAsks = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/speech') {
      speechAsks.push({ method: request.method(), url: request.url(), body: request.postDataJSON() });
    }
  });
  await page.getByRole('button', { name: 'Read my post' }).click();
  await expect.poll(() => litTile(page)).toBeGreaterThan(0);
  // Slower speech was asked for, with the words in the body, not the address.
  expect(speechAsks.length).toBeGreaterThan(0);
  for (const ask of speechAsks) {
    expect(ask.method).toBe('POST');
    expect(ask.url).not.toContain('?');
  }
  expect(speechAsks.some((ask) => ask.body.rate === 'slower'
    && ask.body.text.includes('seaside'))).toBe(true);

  // Tapping a picture while the post is read: speech stops, nothing new is said.
  await myPost(page).getByRole('listitem').nth(3).getByRole('button', { name: 'lovely', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Read my post' })).toBeVisible();
  expect(await litTile(page)).toBe(-1);
  expect(await page.evaluate(() => window.__played.every((p) => p.element.paused))).toBe(true);
  expect((await spoken(page)).length).toBe(asked + 1);

  // Speaking on tap again, as it was.
  await page.getByRole('link', { name: 'Our Voice' }).click();
  await page.getByRole('link', { name: 'Reading aloud' }).click();
  await hydrated(page);
  await page.getByRole('checkbox', { name: 'Speak when I tap a picture' }).check();
  await page.getByRole('radio', { name: 'Normal' }).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We saved the settings.' })).toBeVisible();
});
