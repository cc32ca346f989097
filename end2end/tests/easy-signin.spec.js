// Easy sign-in: a supporter sets a co-producer's picture password and
// prints a sign-in card; the co-producer signs in with each; a stopped
// card signs nobody in.
const { test, expect } = require('@playwright/test');
const {
  hydrated, signIn, signOut, checkPage,
} = require('./helpers');

async function openEasySignInFor(page, name) {
  await page.getByRole('link', { name: 'Easy sign-in' }).click();
  await hydrated(page);
  await page.getByRole('button', { name, exact: true }).click();
}

test('a co-producer signs in by tapping three pictures in order', async ({ page }) => {
  await signIn(page, 'alex');
  await openEasySignInFor(page, 'Sam');
  const setup = page.getByRole('region', { name: 'Picture password for Sam' });
  for (const picture of ['cat', 'sun', 'dog']) {
    await setup.getByRole('button', { name: picture, exact: true }).click();
  }
  await expect(setup).toContainText('Chosen: cat, sun, dog');
  await checkPage(page);
  await setup.getByRole('button', { name: 'Save the pictures' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'We saved the pictures.' })).toBeVisible();
  // Pictures work only on a tablet a supporter set up.
  await page.getByRole('button', { name: 'Use pictures on this tablet' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Pictures work on this tablet now.' })).toBeVisible();
  await hydrated(page);
  const tablets = page.getByRole('list', { name: 'Tablets set up' });
  await expect(tablets.getByRole('listitem').filter({ hasText: 'This tablet' })).toHaveCount(1);
  await expect(tablets.getByRole('button', { name: /^Stop pictures on this tablet/ })).toBeVisible();
  await checkPage(page);
  await signOut(page);

  await hydrated(page);
  await page.getByRole('button', { name: 'Use pictures to sign in' }).click();
  const form = page.getByRole('form', { name: 'Sign in with pictures' });
  await form.getByLabel('User name').fill('sam');
  const grid = form.getByRole('group', { name: 'Tap 3 pictures in your order.' });
  // A wrong order does not sign in, and says so.
  for (const picture of ['sun', 'cat', 'dog']) {
    await grid.getByRole('button', { name: picture, exact: true }).click();
  }
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Check your name and pictures.');
  await hydrated(page);
  const again = page.getByRole('form', { name: 'Sign in with pictures' });
  await again.getByLabel('User name').fill('sam');
  for (const picture of ['cat', 'sun', 'dog']) {
    await again.getByRole('button', { name: picture, exact: true }).click();
  }
  await expect(again).toContainText('Chosen: 3 / 3');
  await checkPage(page);
  await again.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Hello Sam' })).toBeVisible();
});

test('pictures do not work on a tablet nobody set up', async ({ page }) => {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByRole('button', { name: 'Use pictures to sign in' }).click();
  const form = page.getByRole('form', { name: 'Sign in with pictures' });
  await form.getByLabel('User name').fill('sam');
  const grid = form.getByRole('group', { name: 'Tap 3 pictures in your order.' });
  for (const picture of ['cat', 'sun', 'dog']) {
    await grid.getByRole('button', { name: picture, exact: true }).click();
  }
  await form.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Pictures do not work here. Ask your supporter.');
  await checkPage(page);
});

test('a printed sign-in card signs its co-producer in until it is stopped', async ({ page }) => {
  await signIn(page, 'alex');
  await openEasySignInFor(page, 'Sam');
  const cards = page.getByRole('region', { name: 'Sign-in cards for Sam' });
  await cards.getByRole('button', { name: 'Card for 7 days' }).click();
  const card = cards.getByRole('figure');
  await expect(card.getByRole('img', { name: 'Scan to sign in as Sam' })).toBeVisible();
  await checkPage(page);
  const link = (await card.textContent()).match(/https?:\/\/\S+\/card\/[0-9a-f]+/)[0];
  await signOut(page);

  await page.goto(link);
  await hydrated(page);
  await checkPage(page);
  await page.getByRole('button', { name: 'Sign in with my card' }).click();
  await expect(page.getByRole('heading', { name: 'Hello Sam' })).toBeVisible();
  await signOut(page);

  await signIn(page, 'alex');
  await openEasySignInFor(page, 'Sam');
  await page.getByRole('region', { name: 'Sign-in cards for Sam' })
    .getByRole('button', { name: /^Stop this card/ }).first().click();
  await expect(page.getByRole('list', { name: 'Cards made' }).getByRole('listitem').first())
    .toContainText('Stopped. This card does not work now.');
  await signOut(page);

  await page.goto(link);
  await hydrated(page);
  await page.getByRole('button', { name: 'Sign in with my card' }).click();
  await expect(page.getByRole('alert')).toContainText('This card does not work. Ask your supporter for a new card.');
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
});
