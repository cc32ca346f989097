// The walking skeleton's journey: sam composes, alex asks for changes, sam
// edits, alex approves, the public feed shows the post.
const { test, expect } = require('@playwright/test');
const {
  spyOnSpeech, spoken, hydrated, signIn, signOut, checkPage, sendToSupporter, openChecksAs,
} = require('./helpers');

async function addPicture(page, word) {
  await page.getByLabel('Find a picture').fill(word);
  const results = page.getByRole('list', { name: 'Pictures found' });
  await results.getByRole('button', { name: word, exact: true }).first().click();
}

function myPost(page) {
  return page.getByRole('list', { name: 'My post' });
}

test('a post goes from pictures to the public feed', async ({ page }) => {
  await spyOnSpeech(page);

  // The sign-in page.
  await page.goto('/sign-in');
  await checkPage(page);

  // sam builds a post of three pictures.
  await signIn(page, 'sam');
  await checkPage(page);
  await page.getByRole('button', { name: 'New post' }).click();
  await expect(page).toHaveURL(/\/posts\//);
  await hydrated(page);
  await checkPage(page);
  for (const word of ['dog', 'cat', 'park']) {
    await addPicture(page, word);
  }
  const tiles = myPost(page).getByRole('listitem');
  await expect(tiles).toHaveCount(3);
  await checkPage(page);

  // Tapping a tile says its word; Read my post says the whole post.
  await myPost(page).getByRole('button', { name: 'cat', exact: true }).click();
  expect((await spoken(page)).at(-1)).toBe('cat');
  await page.getByRole('button', { name: 'Read my post' }).click();
  expect((await spoken(page)).at(-1)).toBe('dog cat park');

  // Tapping a tile chooses it: its tools show under the strip.
  // Moving a tile changes the order; the draft survives a reload.
  await myPost(page).getByRole('button', { name: 'park', exact: true }).click();
  await expect(myPost(page).getByRole('button', { name: 'park', exact: true })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Move park earlier' }).click();
  await page.getByRole('button', { name: 'Move park later' }).click();
  await expect(page.getByRole('status')).toHaveText('We saved your post.');
  await page.reload();
  await hydrated(page);
  await expect(myPost(page).getByRole('listitem')).toHaveCount(3);
  await expect(myPost(page)).toContainText('dog');
  await myPost(page).getByRole('button', { name: 'park', exact: true }).click();
  await expect(page.getByLabel('Words for park')).toHaveValue('park');

  // The author changes the words under a picture; the post text follows.
  await myPost(page).getByRole('button', { name: 'dog', exact: true }).click();
  await page.getByLabel('Words for dog').fill('my dog');
  await page.getByLabel('Words for dog').press('Enter');
  await expect(myPost(page).getByRole('button', { name: 'my dog', exact: true })).toBeVisible();
  await expect(page.getByRole('status')).toHaveText('We saved your post.');
  await page.getByRole('button', { name: 'Read my post' }).click();
  expect((await spoken(page)).at(-1)).toBe('my dog cat park');

  await sendToSupporter(page);

  // alex asks for changes.
  await openChecksAs(page, 'alex');
  await expect(page.getByRole('heading', { name: 'Posts to check' })).toBeVisible();
  await checkPage(page);
  const post = page.getByRole('article', { name: 'Post by Sam' });
  await expect(post).toContainText('my dog cat park');
  await post.getByRole('button', { name: 'Say it another way' }).click();
  await expect(post.getByRole('button', { name: 'Say it another way' })).toHaveAttribute('aria-pressed', 'true');
  await post.getByLabel('What to change').fill('Please take out the cat.');
  await post.getByRole('button', { name: 'Ask for changes' }).click();
  await expect(page.getByText('Sent back to the author.')).toBeVisible();
  await expect(page.getByText('There are no posts to check now.')).toBeVisible();
  await signOut(page);

  // sam sees and hears the feedback, removes a tile, sends again.
  await signIn(page, 'sam');
  await expect(page.getByText('Sent back to you. Please look at it.')).toBeVisible();
  await page.getByRole('link', { name: 'Open my dog cat park' }).click();
  await hydrated(page);
  const feedback = page.getByRole('region', { name: 'Your supporter says:' });
  await expect(feedback.getByRole('listitem')).toHaveText([/Say it another way$/]);
  await expect(feedback).toContainText('Say it another way. Please take out the cat.');
  await feedback.getByRole('button', { name: 'Read aloud' }).click();
  expect((await spoken(page)).at(-1)).toBe('Say it another way. Please take out the cat.');
  await checkPage(page);
  await myPost(page).getByRole('button', { name: 'cat', exact: true }).click();
  await page.getByRole('button', { name: 'Remove cat' }).click();
  await expect(myPost(page).getByRole('listitem')).toHaveCount(2);
  await sendToSupporter(page);

  // alex approves.
  await openChecksAs(page, 'alex');
  const again = page.getByRole('article', { name: 'Post by Sam' });
  await expect(again).toContainText('my dog park');
  await again.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByText('Approved. The post is on the feed.')).toBeVisible();
  await signOut(page);

  // The public feed and its Atom twin show the post, with no sign-in.
  await page.goto('/feed/our-voice-leeds');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Our Voice Leeds', level: 1 })).toBeVisible();
  await expect(page.getByText('my dog park', { exact: true })).toBeVisible();
  // The author is not named to the public.
  await expect(page.getByRole('heading', { name: 'A member of Our Voice Leeds' }).first()).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText('Sam');
  await expect(page.getByRole('link', { name: 'https://example.org/our-voice-leeds/help' })).toBeVisible();
  await checkPage(page);
  const atom = await page.request.get('/feed/our-voice-leeds.atom');
  expect(atom.ok()).toBeTruthy();
  expect(await atom.text()).toContain('<title>my dog park</title>');
});
