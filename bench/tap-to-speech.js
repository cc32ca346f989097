// Tap to speech start in Chromium: from the click on a picture (or on
// "Read my post") to the moment Our Voice's audio is playing (the
// `playing` event). Headless Chromium has no voices of its own, so every
// tap goes through GET /speech: the first tap on a word makes its speech
// (uncached), the next is answered from the server's cache.
//
//   node bench/tap-to-speech.js        (starts the release server itself)
//
// Prints one Markdown table row per case: median and slowest.
const path = require('path');
const os = require('os');
const fs = require('fs');
const { spawn } = require('child_process');
const { chromium } = require(path.join(__dirname, '../end2end/node_modules/playwright-core'));

const root = path.join(__dirname, '..');
const port = Number(process.env.OURVOICE_BENCH_PORT || 3178);
const base = `http://127.0.0.1:${port}`;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

async function waitForServer() {
  for (let i = 0; i < 200; i += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch (e) { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

/** Clicks `target` and waits for audio to play; returns click → playing in ms. */
async function timeTap(page, target) {
  const before = await page.evaluate(() => window.__played.length);
  await target.click();
  await page.waitForFunction((n) => window.__played.length > n && window.__played.at(-1).playing !== null, before);
  return page.evaluate(() => window.__played.at(-1).playing - window.__clicked);
}

(async () => {
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'ourvoice-bench-'));
  const server = spawn(path.join(root, 'target/release/ourvoice'), ['serve', '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      OURVOICE_DATA: data,
      OURVOICE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: 'target/site',
      LEPTOS_HASH_FILES: 'true',
      OURVOICE_SYMBOLS: 'target/site/symbols',
    },
    stdio: 'ignore',
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    await waitForServer();
    const page = await browser.newPage({ viewport: { width: 820, height: 1180 }, hasTouch: true });
    await page.addInitScript(() => {
      window.__played = [];
      document.addEventListener('click', () => { window.__clicked = performance.now(); }, true);
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function () {
        const entry = { playing: null };
        window.__played.push(entry);
        this.addEventListener('playing', () => { entry.playing = entry.playing ?? performance.now(); }, { once: true });
        return play.call(this);
      };
    });
    await page.goto(`${base}/sign-in`);
    await page.getByLabel('User name').fill('sam');
    await page.getByLabel('Password').fill('try-our-voice');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForLoadState('networkidle');
    await page.getByRole('button', { name: 'New post' }).click();
    await page.waitForURL(/\/posts\//);
    await page.waitForLoadState('networkidle');

    const rows = { 'picture, uncached': [], 'picture, cached': [], 'Read my post, uncached': [], 'Read my post, cached': [] };
    const sentences = [
      'I went to the park with my friends.',
      'We had cake and tea at the cafe.',
      'The bus was late but we sang songs.',
      'My sister likes dogs and cats.',
      'Come to our music group on Friday.',
      'We planted flowers in the garden.',
      'The football match was on the radio.',
      'I made a birthday card for my mum.',
      'Our group went bowling last night.',
      'Thank you to everyone who helped.',
    ];
    for (const sentence of sentences) {
      await page.getByLabel('Write your words').fill(sentence);
      await page.getByRole('button', { name: 'Make pictures' }).click();
      await page.waitForLoadState('networkidle');
      const tiles = page.getByRole('list', { name: 'My post' }).getByRole('listitem');
      const count = await tiles.count();
      // The newest tiles are this sentence's.
      const word = tiles.nth(count - 2).locator('.tile-say');
      rows['picture, uncached'].push(await timeTap(page, word));
      rows['picture, cached'].push(await timeTap(page, word));
      const read = page.getByRole('button', { name: 'Read my post' });
      rows['Read my post, uncached'].push(await timeTap(page, read));
      await page.getByRole('button', { name: 'Stop' }).click();
      rows['Read my post, cached'].push(await timeTap(page, read));
      await page.getByRole('button', { name: 'Stop' }).click();
    }
    for (const [name, values] of Object.entries(rows)) {
      console.log(`| tap → playing, ${name} | median ${median(values).toFixed(0)} ms | slowest ${Math.max(...values).toFixed(0)} ms | ${values.length} taps |`);
    }
  } finally {
    await browser.close();
    server.kill();
    fs.rmSync(data, { recursive: true, force: true });
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
