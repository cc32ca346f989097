// Compressed bytes each main page loads on a first visit with the cache off
// (HTML, CSS, JS, WASM and the data it asks for; symbols and fonts
// excluded), as Chromium receives them from a release build.
//
//   node bench/page-weight.js            (server must be running; see below)
//   OURVOICE_URL=http://127.0.0.1:3000 node bench/page-weight.js
//
// Pages: the composer (a new post, and a draft with words) and home of the
// demo co-producer (sam), Posts to check of the demo supporter (alex), the
// public feed (no sign-in), and People of the demo admin (jo).
// Each page is opened in a fresh browser context, so nothing is cached, and
// the encoded body size of every response is summed.
const path = require('path');
const { chromium } = require(path.join(__dirname, '../end2end/node_modules/playwright-core'));

const base = process.env.OURVOICE_URL || 'http://127.0.0.1:3000';
const password = process.env.OURVOICE_DEMO_PASSWORD || 'try-our-voice';
const tablet = { width: 820, height: 1180 };
// A real-length draft (31 words, three sentences) for the composer's second row.
const DRAFT = 'We went to the park on Saturday. We had a picnic by the lake and fed the ducks. '
  + 'Next week we want to go again with our friends from the group.';

async function signedIn(browser, user) {
  const context = await browser.newContext({ viewport: tablet });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState('networkidle');
  return { context, page };
}

// Opens `url` in a new context holding only `storageState` (the session
// cookie), and returns every response it loaded.
async function weigh(browser, url, storageState) {
  const fresh = await browser.newContext({ viewport: tablet, storageState });
  const page = await fresh.newPage();
  const rows = [];
  page.on('requestfinished', async (request) => {
    const response = await request.response();
    const sizes = await request.sizes();
    rows.push({
      url: request.url().replace(base, ''),
      type: request.resourceType(),
      encoding: (response && (await response.headerValue('content-encoding'))) || 'none',
      bytes: sizes.responseBodySize,
    });
  });
  const answer = await page.goto(url, { waitUntil: 'networkidle' });
  if (!answer || answer.status() !== 200) {
    throw new Error(`${url} answered ${answer && answer.status()}`);
  }
  await page.waitForTimeout(500);
  await fresh.close();
  return rows.filter((r) => !r.url.startsWith('/symbols/') && !r.url.startsWith('/fonts/'));
}

function report(name, rows) {
  let total = 0;
  console.log(`\n## ${name}`);
  for (const r of rows) {
    total += r.bytes;
    console.log(`${String(r.bytes).padStart(9)}  ${r.encoding.padEnd(5)} ${r.type.padEnd(10)} ${r.url}`);
  }
  console.log(`${String(total).padStart(9)}  total bytes (${(total / 1024).toFixed(1)} KiB), symbols and fonts excluded`);
  return total;
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });

  const sam = await signedIn(browser, 'sam');
  await sam.page.getByRole('button', { name: 'New post' }).click();
  await sam.page.waitForURL(/\/posts\//);
  const composer = sam.page.url();
  // A draft with a real-length post, opened again: its checks (tips, room
  // left) load with the page; a new post's wait for its first word.
  await sam.page.goto(`${base}/`);
  await sam.page.getByRole('button', { name: 'New post' }).click();
  await sam.page.waitForURL(/\/posts\//);
  await sam.page.getByLabel('Write your words').fill(DRAFT);
  await sam.page.getByRole('button', { name: 'Make pictures' }).click();
  await sam.page.getByRole('region', { name: 'Tips for easy read' }).waitFor();
  await sam.page.getByText('We saved your post.').waitFor();
  await sam.page.waitForLoadState('networkidle');
  const draft = sam.page.url();
  const samState = await sam.context.storageState();
  const alex = await signedIn(browser, 'alex');
  const alexState = await alex.context.storageState();
  const jo = await signedIn(browser, 'jo');
  const joState = await jo.context.storageState();
  const feed = process.env.OURVOICE_FEED || '/feed/our-voice-leeds';

  const totals = [
    ['composer (/posts/<id>, sam)', report('composer', await weigh(browser, composer, samState))],
    ['composer, a draft with words (sam)', report('draft', await weigh(browser, draft, samState))],
    ['home (/, sam)', report('home', await weigh(browser, `${base}/`, samState))],
    ['check (/check, alex)', report('check', await weigh(browser, `${base}/check`, alexState))],
    [`feed (${feed}, signed out)`, report('feed', await weigh(browser, `${base}${feed}`, undefined))],
    ['people (/admin/people, jo)', report('people', await weigh(browser, `${base}/admin/people`, joState))],
  ];
  await browser.close();

  console.log('\n| Page | Bytes |\n|---|---:|');
  for (const [name, total] of totals) console.log(`| ${name} | ${total.toLocaleString('en-GB')} |`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
