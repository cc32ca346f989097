// The composer in full: words to pictures, other pictures, own photos,
// reordering, undo, easy-read tips, room left and the symbol card.
const path = require('path');
const fs = require('fs');
const os = require('os');
const { test, expect } = require('@playwright/test');
const {
  spyOnSpeech, spoken, hydrated, signIn, signOut, checkPage, jpegFile,
} = require('./helpers');

function myPost(page) {
  return page.getByRole('list', { name: 'My post' });
}

async function wordsInPost(page) {
  return (await myPost(page).getByRole('button').allInnerTexts()).map((t) => t.trim());
}

test('a sentence becomes pictures, with photos, tips, room left and a card', async ({ page }) => {
  await spyOnSpeech(page);
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await expect(page).toHaveURL(/\/posts\//);
  await hydrated(page);

  // A new post has no words to check yet: no tips, no room left.
  const tips = page.getByRole('region', { name: 'Tips for easy read' });
  const room = page.getByRole('region', { name: 'Room left' });
  // (Everything the page would load has come by the time the network is quiet.)
  await page.waitForLoadState('networkidle');
  await expect(tips).toHaveCount(0);
  await expect(room).toHaveCount(0);

  // Type a sentence and get a picture for each word.
  await page.getByLabel('Write your words').fill('I went to the park with my friends.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(8);
  // The checks come with the first words.
  await expect(tips).toBeVisible();
  await expect(room).toBeVisible();
  expect(await wordsInPost(page)).toEqual(['I', 'went', 'to', 'the', 'park', 'with', 'my', 'friends.']);
  const parkTile = myPost(page).getByRole('listitem').nth(4);
  await expect(parkTile.locator('img').first()).toHaveAttribute('src', /\/symbols\/openmoji\//);
  await expect(page.getByText('We saved your post.')).toBeVisible();
  await checkPage(page);

  // Swap the picture for "park" for another one: tap the tile, then its tools.
  const before = await parkTile.locator('img').first().getAttribute('src');
  await myPost(page).getByRole('button', { name: 'park', exact: true }).click();
  await page.getByRole('button', { name: 'Other pictures for park' }).click();
  const others = page.getByRole('list', { name: 'Other pictures for park' });
  await expect(others.getByRole('button').first()).toBeVisible();
  await others.getByRole('button').nth(1).click();
  await expect(parkTile.locator('img').first()).not.toHaveAttribute('src', before);
  await expect(others).toHaveCount(0);

  // Undo puts the first picture back.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(parkTile.locator('img').first()).toHaveAttribute('src', before);

  // Reorder by buttons: "park" moves one place later, then back.
  await page.getByRole('button', { name: 'Move park later' }).click();
  expect(await wordsInPost(page)).toEqual(['I', 'went', 'to', 'the', 'with', 'park', 'my', 'friends.']);
  await page.getByRole('button', { name: 'Move park earlier' }).click();
  expect(await wordsInPost(page)).toEqual(['I', 'went', 'to', 'the', 'park', 'with', 'my', 'friends.']);

  // Upload a photo, see the progress, give it words.
  const photo = await jpegFile(page);
  await page.getByLabel('Choose a photo').setInputFiles(photo);
  await expect(page.getByLabel('Words for your photo')).toBeVisible();
  await page.getByRole('button', { name: 'Add photo' }).click();
  await expect(page.getByText('Write what the photo shows. Then tap Add photo.')).toBeVisible();
  await page.getByLabel('Words for your photo').fill('our garden');
  await page.getByRole('button', { name: 'Add photo' }).click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(9);
  const photoTile = myPost(page).getByRole('listitem').nth(8);
  await expect(photoTile.locator('img').first()).toHaveAttribute('src', /^\/photos\/[0-9a-f]{64}-thumb\.jpg$/);
  await photoTile.getByRole('button', { name: 'our garden', exact: true }).click();
  expect(await spoken(page)).toContain('our garden');
  await expect(page.getByText('We saved your post.')).toBeVisible();

  // No tips yet; a 20-word sentence brings the long-sentence tip.
  await expect(tips.getByText('Your words are easy to read.')).toBeVisible();
  await page.getByLabel('Write your words').fill(
    'We all went on the bus to the seaside and then we had fish and chips on the beach',
  );
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(tips.getByText('This sentence is long. Try two short ones.')).toBeVisible();
  await tips.getByRole('button', { name: 'Read aloud: This sentence is long. Try two short ones.' }).click();
  expect((await spoken(page)).some((t) => t.startsWith('This sentence is long.'))).toBe(true);

  // Room left on each network the account publishes to.
  await expect(room.getByText('Our feed')).toBeVisible();
  await expect(room.getByRole('meter', { name: 'Mastodon' })).toBeVisible();
  await expect(room.getByRole('meter', { name: 'Bluesky' })).toBeVisible();
  await expect(room.getByText('Fits.', { exact: true })).toHaveCount(2);
  await expect(room.getByText('Any length fits.')).toBeVisible();

  // The card preview shows the post as one picture with the words as alt text.
  await expect(page.getByText('We saved your post.')).toBeVisible();
  await page.getByRole('button', { name: 'See my card' }).click();
  const card = page.getByRole('img', { name: /^I went to the park with my friends\. our garden We all went/ });
  await expect(card).toBeVisible();
  await expect.poll(() => card.evaluate((img) => img.complete && img.naturalWidth)).toBe(1200);
  await checkPage(page);

  // Opened again, a draft with words shows its checks from the start.
  await page.reload();
  await hydrated(page);
  await expect(tips.getByText('This sentence is long. Try two short ones.')).toBeVisible();
  await expect(room.getByRole('meter', { name: 'Bluesky' })).toBeVisible();
});

test('when parts of the composer cannot load, it says so, keeps working and tries again', async ({ page }) => {
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  // The code of the parts that load when first needed (the tips, a tile's
  // tools, the picture groups, the photo upload, the card:
  // split_composer_*.wasm, named in app/src/composer) cannot come, as on a
  // dropped connection.
  let blocked = true;
  await page.route(/\/pkg\/split_composer_/, (route) => (blocked ? route.abort() : route.continue()));
  await page.getByLabel('Write your words').fill('We went to the park.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(5);
  const missing = (words) => page.getByRole('alert').filter({ hasText: words });
  const tips = missing('The tips did not come.');
  await expect(tips).toBeVisible();
  await expect(page.getByRole('region', { name: 'Tips for easy read' })).toHaveCount(0);

  await myPost(page).getByRole('button', { name: 'went', exact: true }).click();
  const tools = missing('The tools for this picture did not come.');
  await expect(tools).toBeVisible();
  await page.getByRole('button', { name: 'See picture groups' }).click();
  const groups = missing('The picture groups did not come.');
  await expect(groups).toBeVisible();
  const photo = await jpegFile(page);
  await page.getByLabel('Choose a photo').setInputFiles(photo);
  await expect(missing('We could not send your photo.')).toBeVisible();
  await expect(page.getByText('We saved your post.')).toBeVisible();
  await page.getByRole('button', { name: 'See my card' }).click();
  const card = missing('Your card did not come.');
  await expect(card).toBeVisible();

  // The page still works: more words become pictures and are saved.
  await page.getByLabel('Write your words').fill('Then we had tea.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(9);
  await expect(page.getByText('We saved your post.')).toBeVisible();

  // With the network back, Try again brings each part.
  blocked = false;
  await tips.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('region', { name: 'Tips for easy read' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Room left' })).toBeVisible();
  await expect(tips).toHaveCount(0);
  await tools.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('button', { name: 'Other pictures for went' })).toBeVisible();
  await groups.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('list', { name: 'Picture groups' }).getByRole('button').first()).toBeVisible();
  await card.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('img', { name: /^We went to the park\. Then we had tea\./ })).toBeVisible();
  await page.getByLabel('Choose a photo').setInputFiles(photo);
  await expect(page.getByLabel('Words for your photo')).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('when a page cannot load, the app says so and Try again loads it', async ({ page }) => {
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  // The Messages page's code (split_page_messages.wasm, named in
  // app/src/app.rs) cannot come when the link is tapped.
  let blocked = true;
  await page.route(/\/pkg\/split_page_messages\./, (route) => (blocked ? route.abort() : route.continue()));
  await page.getByRole('banner').getByRole('link', { name: /^Messages/ }).click();
  const missing = page.getByRole('alert').filter({ hasText: 'This page did not come.' });
  await expect(missing).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toHaveCount(0);
  // With the network back, Try again loads the page.
  blocked = false;
  await missing.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  await hydrated(page);
  await expect(missing).toHaveCount(0);
});

test('when a page cannot load as it first opens, the page stays and says so', async ({ page }) => {
  await spyOnSpeech(page);
  await signIn(page, 'sam');
  await hydrated(page);
  // The Messages page opened from its address, while its code cannot come.
  let blocked = true;
  await page.route(/\/pkg\/split_page_messages\./, (route) => (blocked ? route.abort() : route.continue()));
  const errorsBefore = page.__errors.length;
  await page.goto('/notes');
  const missing = page.getByRole('alert').filter({ hasText: 'This page did not come.' });
  await expect(missing).toBeVisible();
  // The page the server sent stays in sight, below the message.
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  // The browser reports the blocked download itself; nothing else failed
  // (a page taken over without its code would stop with "unreachable").
  const newErrors = page.__errors.splice(errorsBefore);
  expect(newErrors.every((e) => e.endsWith(': Failed to fetch'))).toBe(true);
  // With the network back, Try again loads the page, and it works.
  blocked = false;
  await missing.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  await hydrated(page);
  await expect(missing).toHaveCount(0);
  await page.getByRole('main').getByRole('button', { name: 'Read aloud' }).first().click();
  await expect.poll(async () => (await spoken(page)).length).toBeGreaterThan(0);
  expect(page.__errors.splice(errorsBefore)).toEqual([]);
});

test('the composer does not download the words of other pages', async ({ page }) => {
  // Each page's words travel with that page's code. If the build ever put
  // them all in the composer's main WASM again (see "Where the split puts
  // data" in docs/PERFORMANCE.md), a co-producer's tablet would download
  // the admin pages' words with every new post.
  const mains = [];
  page.on('response', (response) => {
    if (/\/pkg\/ourvoice\.[^/]*\.wasm$/.test(response.url())) mains.push(response.body());
  });
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  expect(mains.length).toBeGreaterThan(0);
  const main = Buffer.concat(await Promise.all(mains));
  // The composer's own words are there; the report's (admin) are not.
  expect(main.includes('Write your words')).toBe(true);
  expect(main.includes('Posts and answers for each author')).toBe(false);
  expect(main.includes('No posts got a yes yet.')).toBe(false);
});

test('a draft opened from its address starts without the router, and its links still work', async ({ page }) => {
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await expect(page).toHaveURL(/\/posts\/[^/]+$/);
  await hydrated(page);
  // Opened straight from its address (a bookmark, a reload, the tablet's
  // last page), the composer loads neither the router nor other pages.
  const asked = [];
  page.on('request', (request) => asked.push(new URL(request.url()).pathname));
  await page.reload();
  await hydrated(page);
  expect(asked.some((p) => /^\/pkg\/ourvoice\.[^/]*\.wasm$/.test(p))).toBe(true);
  expect(asked.filter((p) => /split_app_router|split_page_/.test(p))).toEqual([]);
  // It works: words become pictures and are saved.
  await page.getByLabel('Write your words').fill('We had tea.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(3);
  await expect(page.getByText('We saved your post.')).toBeVisible();
  // Its header's links open their pages, which bring the router with them.
  await page.getByRole('banner').getByRole('link', { name: /^Messages/ }).click();
  await expect(page.getByRole('heading', { name: 'Messages', level: 1 })).toBeVisible();
  await hydrated(page);
  expect(asked.some((p) => /split_app_router/.test(p))).toBe(true);
  // And back on the composer, the words are still there.
  await page.goBack();
  await hydrated(page);
  await expect(myPost(page).getByRole('listitem')).toHaveCount(3);
  expect(page.__errors).toEqual([]);
});

test('a reload before the save arrives loses nothing, and signing out clears what the tab kept', async ({ page }) => {
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await expect(page).toHaveURL(/\/posts\/[^/]+$/);
  await hydrated(page);
  // The network drops: no save reaches the server until the page reloads.
  let dropped = true;
  await page.route('**/api/posts/save', (route) => (dropped ? route.abort() : route.continue()));
  await page.getByLabel('Write your words').fill('We like the park.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(4);
  await expect(page.getByText('We could not save your post yet.', { exact: false })).toBeVisible();
  const words = await wordsInPost(page);
  // Words written but not made into pictures yet.
  await page.getByLabel('Write your words').fill('See you soon');
  // The server does not have the pictures: the draft opened in another tab is empty.
  const other = await page.context().newPage();
  await other.goto(page.url());
  await expect(other.getByRole('heading', { name: 'My post', exact: true })).toBeVisible();
  await expect(myPost(other).getByRole('listitem')).toHaveCount(0);

  // The network is back, and the page is reloaded before the save is tried again.
  dropped = false;
  await page.reload();
  await hydrated(page);
  await expect(myPost(page).getByRole('listitem')).toHaveCount(4);
  expect(await wordsInPost(page)).toEqual(words);
  await expect(page.getByLabel('Write your words')).toHaveValue('See you soon');
  await expect(page.getByText('We saved your post.')).toBeVisible();
  // Now the server has them.
  await other.reload();
  await expect(myPost(other).getByRole('listitem')).toHaveCount(4);
  expect(await wordsInPost(other)).toEqual(words);
  // Undo takes the kept pictures out again, as any change.
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();
  await other.close();

  // Signing out clears what the tab kept; the next person sees none of it.
  const draft = page.url();
  await signOut(page);
  await signIn(page, 'sam');
  await page.goto(draft);
  await hydrated(page);
  await expect(page.getByLabel('Write your words')).toHaveValue('');
  expect(page.__errors).toEqual([]);
});

test('a bad file gets an easy-read message and the post is unchanged', async ({ page }) => {
  await spyOnSpeech(page);
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ourvoice-')), 'holiday.jpg');
  fs.writeFileSync(file, 'this is not a picture at all');
  await page.getByLabel('Take a photo').setInputFiles(file);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('This picture did not work. Try another one.');
  // The message can be heard too.
  await alert.getByRole('button', { name: 'Read aloud' }).click();
  await expect.poll(async () => (await spoken(page)).at(-1)).toBe('This picture did not work. Try another one.');
  await expect(myPost(page).getByRole('listitem')).toHaveCount(0);
});

test('picture groups open with one tap and go back with one tap', async ({ page }) => {
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'See picture groups' }).click();
  const groups = page.getByRole('list', { name: 'Picture groups' });
  await expect(groups.getByRole('button').first()).toBeVisible();
  const firstGroup = (await groups.getByRole('button').first().innerText()).trim();
  await groups.getByRole('button').first().click();
  const inside = page.getByRole('list', { name: firstGroup });
  await expect(inside.getByRole('button').first()).toBeVisible();
  const word = (await inside.getByRole('button').first().innerText()).trim();
  await inside.getByRole('button').first().click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(1);
  expect(await wordsInPost(page)).toEqual([word]);
  await page.getByRole('button', { name: 'Back to groups' }).click();
  await expect(groups.getByRole('button').first()).toBeVisible();
  await checkPage(page);
});

test('a supporter fills My words and the author uses them; favourites stay', async ({ page }) => {
  await signIn(page, 'alex');
  await page.getByRole('link', { name: 'Fill My words' }).click();
  await hydrated(page);
  await page.getByRole('list', { name: 'Choose a person' }).getByRole('button', { name: 'Sam' }).click();
  const board = page.getByRole('region', { name: 'My words of Sam' });
  await board.getByLabel('Find a picture').fill('dog');
  await board.getByRole('list', { name: 'Pictures found' }).getByRole('button', { name: 'dog', exact: true }).first().click();
  await board.getByLabel('Words for this picture').fill('Biscuit my dog');
  await board.getByRole('button', { name: 'Add to My words' }).click();
  await expect(board.getByRole('button', { name: 'Take off Biscuit my dog' })).toBeVisible();
  await checkPage(page);
  // Loaded straight from the server, the page still comes alive.
  await page.reload();
  await hydrated(page);
  await page.getByRole('list', { name: 'Choose a person' }).getByRole('button', { name: 'Sam' }).click();
  await expect(board.getByRole('button', { name: 'Take off Biscuit my dog' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();

  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  const myWords = page.getByRole('list', { name: 'My words' });
  await myWords.getByRole('button', { name: 'Biscuit my dog' }).click();
  expect(await wordsInPost(page)).toEqual(['Biscuit my dog']);

  // Keep it as a favourite: it shows under My favourites.
  await myPost(page).getByRole('button', { name: 'Biscuit my dog' }).click();
  await page.getByRole('button', { name: 'Keep as a favourite: Biscuit my dog' }).click();
  await expect(page.getByRole('list', { name: 'My favourites' }).getByRole('button', { name: 'Biscuit my dog' })).toBeVisible();
  await checkPage(page);
});

test('a tile is dragged to a new place, saved, and Undo puts it back', async ({ page }) => {
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  await page.getByLabel('Write your words').fill('dog cat park');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(3);
  const tiles = myPost(page).getByRole('listitem');
  // The chosen tile can be dragged: tap "cat", then drag it onto "dog".
  await myPost(page).getByRole('button', { name: 'cat', exact: true }).click();
  await tiles.nth(0).evaluate((el) => el.scrollIntoView({ block: 'center' }));
  const from = await tiles.nth(1).boundingBox();
  const to = await tiles.nth(0).boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
  await expect.poll(() => wordsInPost(page)).toEqual(['cat', 'dog', 'park']);
  await expect(page.getByRole('status')).toHaveText('We saved your post.');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => wordsInPost(page)).toEqual(['dog', 'cat', 'park']);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => wordsInPost(page)).toEqual([]);
  await expect(page.getByRole('status')).toHaveText('We saved your post.');
  await page.reload();
  await hydrated(page);
  await expect(myPost(page).getByRole('listitem')).toHaveCount(0);
});
