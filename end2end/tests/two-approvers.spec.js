// An admin turns on the second-approver rule, two different people say
// yes, and the admin reads what happened and the post's story.
const { test, expect } = require('@playwright/test');
const {
  hydrated, signIn, signOut, checkPage, sendToSupporter, openChecksAs,
} = require('./helpers');

async function setTwoApprovers(page, on) {
  await page.goto('/admin');
  await hydrated(page);
  const rule = page.getByRole('checkbox', { name: '2 supporters must say yes to each post' });
  if (on) await rule.check(); else await rule.uncheck();
  await expect(page.getByRole('status').filter({ hasText: 'We saved the rule.' })).toBeVisible();
}

test('with two approvers, a post goes out after two different people say yes', async ({ page }) => {
  await signIn(page, 'jo');
  await page.getByRole('link', { name: 'Run the account' }).click();
  await hydrated(page);
  await checkPage(page);
  await setTwoApprovers(page, true);
  await signOut(page);

  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  await page.getByLabel('Write your words').fill('We meet on Monday.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(page.getByRole('status')).toHaveText('We saved your post.');
  await sendToSupporter(page);

  await openChecksAs(page, 'alex');
  await page.getByRole('article', { name: 'Post by Sam' }).getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'You said yes. 1 more supporter must say yes too.' })).toBeVisible();
  const waiting = page.getByRole('article', { name: 'Post by Sam' });
  await expect(waiting).toContainText('You said yes already.');
  await expect(waiting.getByRole('button', { name: 'Approve' })).toHaveCount(0);

  await openChecksAs(page, 'jo');
  const second = page.getByRole('article', { name: 'Post by Sam' });
  await expect(second).toContainText('1 supporter said yes. 1 more must say yes.');
  await second.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved. The post is on the feed.' })).toBeVisible();

  // What happened, newest first, and the post's story.
  await page.getByRole('link', { name: 'Our Voice' }).click();
  await page.getByRole('link', { name: 'Run the account' }).click();
  await page.getByRole('link', { name: 'See what happened' }).click();
  await hydrated(page);
  const log = page.getByRole('main').getByRole('list');
  await expect(log.getByRole('listitem').first()).toContainText('Our Voice: Put it live');
  await expect(log).toContainText('Jo: Said yes');
  await expect(log).toContainText('Alex: Said yes. Waiting for 1 more yes.');
  await expect(log).toContainText('Jo: Supporters who must say yes: 2');
  await checkPage(page);
  await page.getByRole('link', { name: 'See the story (Post by Sam)' }).first().click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Version 1: sent by Sam' })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('Sam: Sent to check');
  await checkPage(page);

  await setTwoApprovers(page, false);
});
