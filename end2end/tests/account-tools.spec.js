// An admin's account tools: hashtag sets that authors add with one tap,
// the end-of-day sign-off (written once, approved like any post) and the
// report of how posts went.
const { test, expect } = require('@playwright/test');
const {
  hydrated, signIn, signOut, checkPage, sendToSupporter, openChecksAs,
} = require('./helpers');

async function openAdminPage(page, name) {
  await page.goto('/admin');
  await hydrated(page);
  await page.getByRole('link', { name }).first().click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
}

test('an admin adds hashtags and an author adds them to a post with one tap', async ({ page }) => {
  await signIn(page, 'jo');
  await openAdminPage(page, 'Hashtags');
  const form = page.getByRole('form', { name: 'Add hashtags' }).first();
  // A bad hashtag is refused in easy read and the words stay.
  await form.getByLabel('What are they for?').fill('Board meeting');
  await form.getByLabel('The hashtags').fill('#board-meeting');
  await form.getByRole('button', { name: 'Add hashtags' }).click();
  await expect(page.getByRole('alert')).toContainText('Use letters and numbers only.');
  await expect(form.getByLabel('What are they for?')).toHaveValue('Board meeting');
  await form.getByLabel('The hashtags').fill('#BoardMeeting Leeds');
  await form.getByRole('button', { name: 'Add hashtags' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We saved the hashtags.' })).toBeVisible();
  await expect(page.getByText('Board meeting: #BoardMeeting #Leeds')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Take this off: Board meeting' })).toBeVisible();
  await checkPage(page);

  await signOut(page);
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  const sets = page.getByRole('list', { name: 'Hashtags' });
  await sets.getByRole('button', { name: /Board meeting/ }).click();
  const post = page.getByRole('list', { name: 'My post' });
  await expect(post.locator('.tile-word')).toHaveText(['#BoardMeeting', '#Leeds']);
  await expect(page.getByText('We saved your post.')).toBeVisible();
  await checkPage(page);
});

test('an admin writes the sign-off once and a supporter approves it', async ({ page }) => {
  await signIn(page, 'jo');
  await openAdminPage(page, 'End-of-day sign-off');
  await expect(page.getByText('No sign-off yet.').first()).toBeVisible();
  // Late in the day, so other tests' posts do not bring it out.
  await page.getByLabel('Time to send it').first().fill('23:59');
  await page.getByRole('button', { name: 'Save the time' }).first().click();
  await expect(page.getByRole('status').filter({ hasText: 'We saved the time.' })).toBeVisible();
  await checkPage(page);

  await page.getByRole('button', { name: 'Write a sign-off' }).first().click();
  await expect(page).toHaveURL(/\/posts\//);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'End-of-day sign-off', level: 1 })).toBeVisible();
  await page.getByLabel('Write your words').fill('Thank you for reading. We will be back tomorrow.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(page.getByText('We saved your post.')).toBeVisible();
  await sendToSupporter(page);

  await openChecksAs(page, 'alex');
  const post = page.getByRole('article', { name: 'Post by Jo' });
  await expect(post.getByText('This is the sign-off.')).toBeVisible();
  await post.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved. It goes out at the end of each day with posts.' })).toBeVisible();

  await signOut(page);
  await signIn(page, 'jo');
  await openAdminPage(page, 'End-of-day sign-off');
  await expect(page.getByText('These words go out:').first()).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Thank you for reading. We will be back tomorrow.');
  await expect(page.getByRole('main')).toContainText('They go out at 23:59 on days the account posts.');
  await checkPage(page);
});

test('an admin sees how posts went for each author', async ({ page }) => {
  await signIn(page, 'jo');
  await openAdminPage(page, 'How posts went');
  const table = page.getByRole('table', { name: 'Posts and answers for each author' }).first();
  await expect(table).toBeVisible();
  await expect(table.getByRole('columnheader', { name: /Replies/ })).toBeVisible();
  await expect(table.getByRole('rowheader', { name: 'All authors' })).toBeVisible();
  await checkPage(page);

  // Opened straight from its address, the page drawn on the server comes
  // alive in the browser without errors.
  await page.goto('/admin/report');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'How posts went', level: 1 })).toBeVisible();
  await checkPage(page);
});
