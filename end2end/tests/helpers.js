// Shared steps: the speech spy, signing in and out, and the axe check.
const path = require('path');
const fs = require('fs');
const os = require('os');
const { expect } = require('@playwright/test');

/**
 * Records every text the page reads aloud, whichever voice speaks it: texts
 * given to speechSynthesis.speak (the tablet's voice; headless Chromium has
 * none) and texts asked of POST /speech (Our Voice's voice, the words in
 * a JSON body). Audio the page
 * plays is recorded too, with the moment it started playing.
 */
async function spyOnSpeech(page) {
  await page.addInitScript(() => {
    window.__spoken = [];
    window.__played = [];
    const speak = speechSynthesis.speak.bind(speechSynthesis);
    speechSynthesis.speak = (utterance) => {
      window.__spoken.push(utterance.text);
      speak(utterance);
    };
    const fetch = window.fetch.bind(window);
    window.fetch = (input, init) => {
      const url = new URL(typeof input === 'string' ? input : input.url, location.href);
      if (url.pathname === '/speech') {
        let text = null;
        try { text = JSON.parse(init && init.body).text; } catch (_) { /* not JSON */ }
        window.__spoken.push(text);
      }
      return fetch(input, init);
    };
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function () {
      const entry = { src: this.src, asked: performance.now(), playing: null, element: this };
      window.__played.push(entry);
      this.addEventListener('playing', () => { entry.playing = entry.playing ?? performance.now(); }, { once: true });
      return play.call(this);
    };
  });
}

async function spoken(page) {
  return page.evaluate(() => window.__spoken);
}

/** Waits until the page's WebAssembly has taken over the server's HTML. */
async function hydrated(page) {
  await page.waitForLoadState('networkidle');
}

/** Records the page's uncaught errors (a failed hydration shows up here). */
function watchErrors(page) {
  if (page.__errors) return;
  page.__errors = [];
  page.on('pageerror', (error) => page.__errors.push(`${page.url()}: ${error.message}`));
}

async function signIn(page, userName) {
  watchErrors(page);
  await page.goto('/sign-in');
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill('try-our-voice');
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await hydrated(page);
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
}

/** The author sends the open post to their supporter. */
async function sendToSupporter(page) {
  await page.getByRole('button', { name: 'Send to my supporter' }).click();
  await expect(page.getByText('Sent. Your supporter will check your post.')).toBeVisible();
}

/** Signs out, signs `userName` in and opens Posts to check. */
async function openChecksAs(page, userName) {
  await signOut(page);
  await signIn(page, userName);
  await page.getByRole('link', { name: 'Check posts' }).click();
  await hydrated(page);
}

/** A small real JPEG made by the browser itself, written to a file. */
async function jpegFile(page) {
  const base64 = await page.evaluate(() => {
    const canvas = document.createElement('canvas');
    canvas.width = 320;
    canvas.height = 240;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#2a7';
    ctx.fillRect(0, 0, 320, 240);
    ctx.fillStyle = '#fc3';
    ctx.beginPath();
    ctx.arc(160, 120, 60, 0, Math.PI * 2);
    ctx.fill();
    return canvas.toDataURL('image/jpeg', 0.9).split(',')[1];
  });
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ourvoice-')), 'garden.jpg');
  fs.writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}

let axeCode;
function axeSource() {
  if (!axeCode) {
    axeCode = require('fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  }
  return axeCode;
}

/** Runs axe-core on the page: no WCAG 2.2 A or AA violations allowed. */
async function expectNoAxeViolations(page) {
  // Evaluated by the test driver, not added as a <script>: the page's
  // Content-Security-Policy rightly refuses inline scripts.
  await page.evaluate(axeSource());
  const result = await page.evaluate(() =>
    window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }),
  );
  const problems = result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
  );
  expect(problems, `axe on ${page.url()}`).toEqual([]);
}

/**
 * Tablet rules axe does not check at our level: every control at least
 * 48 by 48 px, every visible text at least 19 px, and contrast at least 7:1
 * (axe's enhanced contrast rule).
 */
async function expectTabletFriendly(page) {
  const problems = await page.evaluate(() => {
    const found = [];
    const shown = (el) => {
      const box = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
    };
    for (const el of document.querySelectorAll('button, a[href], input, textarea, select')) {
      if (el.type === 'hidden' || !shown(el)) continue;
      // A file input, radio button or tick box is tapped through the
      // label around it.
      const throughLabel = ['file', 'radio', 'checkbox'].includes(el.type) && el.closest('label');
      const target = throughLabel ? el.closest('label') : el;
      const box = target.getBoundingClientRect();
      if (box.width < 48 || box.height < 48) {
        const name = (el.getAttribute('aria-label') || el.innerText || el.id || '').trim().slice(0, 40);
        found.push(`${el.tagName.toLowerCase()} "${name}" is ${Math.round(box.width)}x${Math.round(box.height)} px`);
      }
    }
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const text = walker.currentNode.textContent.trim();
      const el = walker.currentNode.parentElement;
      if (!text || !el || !shown(el)) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 19) found.push(`text "${text.slice(0, 40)}" is ${size} px`);
    }
    return found;
  });
  expect(problems, `sizes on ${page.url()}`).toEqual([]);
  const contrast = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'rule', values: ['color-contrast-enhanced'] } }),
  );
  expect(contrast.violations.flatMap((v) => v.nodes.map((n) => n.target.join(' '))),
    `7:1 contrast on ${page.url()}`).toEqual([]);
}

/**
 * Everything can be heard: every status and alert message on the page
 * has a button that reads it aloud (or stops reading it).
 */
async function expectEverythingHeard(page) {
  const messages = page.locator('[role="status"], [role="alert"]');
  for (const message of await messages.all()) {
    if (!(await message.isVisible())) continue;
    const text = (await message.innerText()).trim();
    if (!text) continue;
    // The button sits inside the message, or beside it in the same box.
    const buttons = await message.evaluate((el) => {
      const box = el.closest('.said') || el;
      return [...box.querySelectorAll('button')].map((b) => b.innerText.trim());
    });
    expect(buttons.some((b) => b.endsWith('Read aloud') || b.endsWith('Stop')),
      `a read-aloud button for "${text}" on ${page.url()}`).toBe(true);
  }
}

/** Every check a page of the journey must pass. */
async function checkPage(page) {
  watchErrors(page);
  expect(page.__errors, 'the page ran without errors').toEqual([]);
  await expectNoAxeViolations(page);
  await expectTabletFriendly(page);
  await expectEverythingHeard(page);
}

module.exports = {
  spyOnSpeech, spoken, hydrated, signIn, signOut, checkPage, jpegFile,
  sendToSupporter, openChecksAs,
};
