// An admin connects the Mastodon peer; a supporter approves a post for two
// minutes ahead; the server's clock moves on; the post goes out and its
// author sees "Live on Mastodon" with a link.
const fs = require('fs');
const path = require('path');
const { test, expect } = require('@playwright/test');
const {
  hydrated, signIn, signOut, checkPage, sendToSupporter, openChecksAs,
} = require('./helpers');

const port = Number(process.env.OURVOICE_E2E_PORT || 3123);
const peer = `http://127.0.0.1:${port + 1}`;
// The peer names itself `localhost` in its post links, and Our Voice keeps a
// link only on the connection's own host: connect it by that name.
const peerServer = `http://localhost:${port + 1}`;
const clockFile = path.join(process.env.TMPDIR || '/tmp', `ourvoice-e2e-clock-${port}`);

/** An account on the peer with its token. */
async function peerAccount(request) {
  const started = Date.now();
  for (;;) {
    try {
      const made = await request.post(`${peer}/api/v1/_mock/dev_user`, {
        data: { username: `leeds${Date.now()}` },
      });
      if (made.ok()) return made.json();
    } catch (error) {
      if (Date.now() - started > 30_000) throw error;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

test('a post approved for later goes out to Mastodon and its author sees it live', async ({ page, request }) => {
  const account = await peerAccount(request);

  // The admin connects the account.
  await signIn(page, 'jo');
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Connected accounts' }).first().click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Connected accounts', level: 1 })).toBeVisible();
  const mastodon = page.getByRole('form', { name: 'Connect Mastodon' });
  await mastodon.getByLabel('Server address').fill(peerServer);
  await mastodon.getByLabel('Access token').fill(account.access_token);
  await mastodon.getByRole('button', { name: 'Connect Mastodon' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Connected. New posts will go out there.' })).toBeVisible();
  await expect(page.getByText(`Posts go out as @${account.username}`)).toBeVisible();
  await expect(mastodon.getByLabel('Access token')).toHaveValue('');
  expect(await page.content()).not.toContain(account.access_token);
  await checkPage(page);

  // The author writes and sends a post.
  await signOut(page);
  await signIn(page, 'sam');
  await page.getByRole('button', { name: 'New post' }).click();
  await hydrated(page);
  await page.getByLabel('Write your words').fill('We planted trees today.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(page.getByRole('status')).toHaveText('We saved your post.');
  await sendToSupporter(page);

  // The supporter approves it for two minutes from now.
  await openChecksAs(page, 'alex');
  const post = page.getByRole('article', { name: 'Post by Sam' });
  const later = await page.evaluate(() => {
    const d = new Date(Date.now() + 150_000);
    const pad = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  });
  await post.getByLabel('Post later at').fill(later);
  await checkPage(page);
  await post.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved. It will go out at the time you picked.' })).toBeVisible();

  // The week view shows it waiting for its time.
  await page.goto('/week');
  await hydrated(page);
  await expect(page.getByRole('main')).toContainText('Goes out');
  await expect(page.getByRole('main')).toContainText('We planted trees today.');
  await checkPage(page);

  // The author sees when it will go out; nothing is on Mastodon yet.
  await signOut(page);
  await signIn(page, 'sam');
  await page.getByRole('link', { name: 'Open We planted trees today.' }).click();
  await hydrated(page);
  await expect(page.getByText('It will go out on')).toBeVisible();
  const before = await request.get(`${peer}/api/v1/accounts/${account.id}/statuses`);
  expect(await before.json()).toEqual([]);

  // Three minutes pass on the server's clock.
  fs.writeFileSync(clockFile, String(3 * 60_000));
  await expect.poll(async () => {
    await page.reload();
    await hydrated(page);
    return page.getByText('Live on Mastodon').count();
  }, { timeout: 60_000 }).toBeGreaterThan(0);
  const link = page.getByRole('link', { name: 'See it there Mastodon' });
  await expect(link).toBeVisible();
  const statuses = await (await request.get(`${peer}/api/v1/accounts/${account.id}/statuses`)).json();
  expect(statuses).toHaveLength(1);
  expect(statuses[0].content).toContain('We planted trees today.');
  await expect(link).toHaveAttribute('href', statuses[0].url);
  await checkPage(page);
  fs.writeFileSync(clockFile, '0');
});
