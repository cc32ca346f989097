// Compressed bytes the composer page loads (HTML, CSS, JS, WASM; symbols
// excluded), as Chromium receives them from a release build.
//
//   node bench/page-weight.js            (server must be running; see below)
//   OURVOICE_URL=http://127.0.0.1:3000 node bench/page-weight.js
//
// Signs in as the demo co-producer, opens a new post, and sums the encoded
// body size of every response the page loads.
const path = require('path');
const { chromium } = require(path.join(__dirname, '../end2end/node_modules/playwright-core'));

const base = process.env.OURVOICE_URL || 'http://127.0.0.1:3000';
const password = process.env.OURVOICE_DEMO_PASSWORD || 'try-our-voice';

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 820, height: 1180 } });
  const page = await context.newPage();
  await page.goto(`${base}/sign-in`);
  await page.getByLabel('User name').fill('sam');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForLoadState('networkidle');
  await page.getByRole('button', { name: 'New post' }).click();
  await page.waitForURL(/\/posts\//);
  const composer = page.url();

  // A fresh page with an empty cache: measure everything it loads.
  const fresh = await browser.newContext({
    viewport: { width: 820, height: 1180 },
    storageState: await context.storageState(),
  });
  const measured = await fresh.newPage();
  const rows = [];
  measured.on('requestfinished', async (request) => {
    const response = await request.response();
    const sizes = await request.sizes();
    rows.push({
      url: request.url().replace(base, ''),
      type: request.resourceType(),
      encoding: (response && (await response.headerValue('content-encoding'))) || 'none',
      bytes: sizes.responseBodySize,
    });
  });
  await measured.goto(composer, { waitUntil: 'networkidle' });
  await measured.waitForTimeout(500);
  await browser.close();

  const counted = rows.filter((r) => !r.url.startsWith('/symbols/'));
  let total = 0;
  for (const r of counted) {
    total += r.bytes;
    console.log(`${String(r.bytes).padStart(9)}  ${r.encoding.padEnd(5)} ${r.type.padEnd(10)} ${r.url}`);
  }
  console.log(`${String(total).padStart(9)}  total bytes (${(total / 1024).toFixed(1)} KiB), symbols excluded`);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
