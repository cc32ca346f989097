// Shared steps: the speech spy, signing in and out, and the axe check.
const { expect } = require('@playwright/test');

/** Records every text given to speechSynthesis.speak (headless has no voices). */
async function spyOnSpeech(page) {
  await page.addInitScript(() => {
    window.__spoken = [];
    const speak = speechSynthesis.speak.bind(speechSynthesis);
    speechSynthesis.speak = (utterance) => {
      window.__spoken.push(utterance.text);
      speak(utterance);
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

async function signIn(page, userName) {
  await page.goto('/sign-in');
  await page.getByLabel('User name').fill(userName);
  await page.getByLabel('Password').fill('try-our-voice');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await hydrated(page);
}

async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
}

/** Runs axe-core on the page: no WCAG 2.2 A or AA violations allowed. */
async function expectNoAxeViolations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
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

module.exports = { spyOnSpeech, spoken, hydrated, signIn, signOut, expectNoAxeViolations };
