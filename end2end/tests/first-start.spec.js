// A service set up from an empty database with `ourvoice init` (no demo):
// the first admin chooses a password through the printed link, adds an
// account and two people through the pages; each person sets a password
// through their own welcome link; the co-producer sends a post, the
// supporter approves it, and it shows on the new account's feed.
const { test, expect } = require('@playwright/test');
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { hydrated, checkPage, sendToSupporter } = require('./helpers');

const port = Number(process.env.OURVOICE_E2E_PORT || 3123) + 100;
const base = `http://127.0.0.1:${port}`;
const root = path.join(__dirname, '..', '..');
const program = path.join(root, 'target', 'release', 'ourvoice');

let server;
let data;
let adminLink;

function environment() {
  return {
    ...process.env,
    OURVOICE_DATA: data,
    OURVOICE_ADDR: `127.0.0.1:${port}`,
    OURVOICE_PUBLIC_URL: base,
    LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
    LEPTOS_HASH_FILES: 'true',
    OURVOICE_SYMBOLS: path.join(root, 'target', 'site', 'symbols'),
  };
}

test.beforeAll(async () => {
  data = fs.mkdtempSync(path.join(os.tmpdir(), 'ourvoice-first-'));
  const printed = execFileSync(program, [
    'init', '--organisation', 'Leeds Community Trust', '--account', 'Leeds Voices',
    '--help-url', 'https://example.org/help', '--admin', 'morgan', '--admin-name', 'Morgan',
  ], { env: environment(), cwd: root }).toString();
  adminLink = printed.match(/http:\/\/\S+\/welcome\/[0-9a-f]+/)[0];
  server = spawn(program, ['serve'], { env: environment(), cwd: root, stdio: 'ignore' });
  for (let i = 0; i < 300; i += 1) {
    try {
      const answer = await fetch(`${base}/healthz`);
      if (answer.ok) return;
    } catch (error) {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('ourvoice serve did not start');
});

test.afterAll(async () => {
  if (server) server.kill('SIGTERM');
  fs.rmSync(data, { recursive: true, force: true });
});

/** Opens a welcome link, chooses a password and lands signed in. */
async function choosePassword(page, link, password) {
  await page.goto(link);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Welcome to Our Voice', level: 1 })).toBeVisible();
  await checkPage(page);
  await page.getByLabel('New password').fill(password);
  await page.getByRole('button', { name: 'Save my password' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await hydrated(page);
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
}

/** Adds a person on the People page; answers their welcome link. */
async function addPerson(page, name, userName, account, role) {
  const form = page.getByRole('region', { name: 'Add a person' });
  await form.getByLabel('Name', { exact: true }).fill(name);
  await form.getByLabel('User name', { exact: true }).fill(userName);
  await form.getByRole('group', { name: 'Account' }).getByLabel(account).check();
  await form.getByRole('group', { name: 'Role' }).getByLabel(role).check();
  await form.getByRole('button', { name: 'Add this person' }).click();
  const link = page.getByLabel(`Give this link to ${name}`);
  await expect(link).toHaveValue(/\/welcome\/[0-9a-f]{64}$/);
  return link.inputValue();
}

test('a service starts from nothing and its first post reaches its feed', async ({ page }) => {
  await choosePassword(page, adminLink, 'morgan has a long password');
  await expect(page.getByRole('heading', { name: 'Hello Morgan', level: 1 })).toBeVisible();

  // A used link says so.
  const other = await page.context().newPage();
  await other.goto(adminLink);
  await expect(other.getByText('This link was used already.')).toBeVisible();
  await other.close();

  await page.getByRole('link', { name: 'Run the account' }).click();
  await hydrated(page);
  await page.getByRole('link', { name: 'Service accounts' }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Service accounts', level: 1 })).toBeVisible();
  const adding = page.getByRole('region', { name: 'Add an account' });
  await adding.getByLabel('Name', { exact: true }).fill('York Voices');
  await adding.getByLabel('Help link').fill('https://example.org/york/help');
  await expect(adding.getByLabel('Time zone')).toHaveValue('Europe/London');
  await adding.getByRole('button', { name: 'Add this account' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We added the account.' })).toBeVisible();
  await expect(page.getByText('Web address: /feed/york-voices')).toBeVisible();
  await checkPage(page);

  await page.goto(`${base}/admin`);
  await hydrated(page);
  await page.getByRole('link', { name: 'People' }).click();
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'People', level: 1 })).toBeVisible();
  const kitLink = await addPerson(page, 'Kit', 'kit', 'York Voices', 'Co-producer');
  const robinLink = await addPerson(page, 'Robin', 'robin', 'York Voices', 'Supporter');
  await expect(page.getByRole('heading', { name: 'Kit (kit)' })).toBeVisible();
  await checkPage(page);
  await signOut(page);

  await choosePassword(page, kitLink, 'kit has a long password');
  await page.getByRole('button', { name: 'New post' }).click();
  await expect(page).toHaveURL(/\/posts\//);
  const postUrl = page.url();
  await hydrated(page);
  await page.getByLabel('Write your words').fill('We had a good day at the park.');
  await page.getByRole('button', { name: 'Make pictures' }).click();
  await expect(page.getByText('We saved your post.')).toBeVisible();
  await sendToSupporter(page);
  await signOut(page);

  await choosePassword(page, robinLink, 'robin has a long password');
  await page.getByRole('link', { name: 'Check posts' }).click();
  await hydrated(page);
  const post = page.getByRole('article', { name: 'Post by Kit' });
  await post.getByRole('button', { name: 'Approve' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Approved' })).toBeVisible();

  await page.goto(`${base}/feed/york-voices`);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'York Voices', level: 1 })).toBeVisible();
  await expect(page.getByRole('main')).toContainText('We had a good day at the park.');
  await checkPage(page);

  // The admin takes it down: it leaves the feed at once.
  await signOut(page);
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('User name').fill('morgan');
  await page.getByLabel('Password').fill('morgan has a long password');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.goto(postUrl);
  await hydrated(page);
  // If the question's code cannot come at first, the page says so, and
  // Try again brings it (split_sent_take_down.wasm).
  let blocked = true;
  await page.route(/\/pkg\/split_sent_take_down\./, (route) => (blocked ? route.abort() : route.continue()));
  const errorsBefore = page.__errors.length;
  await page.getByRole('button', { name: 'Take this post down' }).click();
  const missing = page.getByRole('alert').filter({ hasText: 'The question did not come.' });
  await expect(missing).toBeVisible();
  blocked = false;
  await missing.getByRole('button', { name: 'Try again' }).click();
  // The browser reports the blocked download itself; nothing else failed.
  const newErrors = page.__errors.splice(errorsBefore);
  expect(newErrors.length).toBeGreaterThan(0);
  expect(newErrors.every((e) => e.endsWith(': Failed to fetch'))).toBe(true);
  await page.getByLabel('Why? Say it in a few words.').fill('It went out by mistake.');
  await checkPage(page);
  await page.getByRole('button', { name: 'Yes, take it down' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Done. The post is off the feed.' })).toBeVisible();
  await page.goto(`${base}/feed/york-voices`);
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'York Voices', level: 1 })).toBeVisible();
  await expect(page.getByRole('main')).not.toContainText('We had a good day at the park.');
  await checkPage(page);
});
