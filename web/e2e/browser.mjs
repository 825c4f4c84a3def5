// What the browser scripts share: where LLMos and the screenshots are, Debian's Chromium, and a page
// signed in as a user (local mode) that collects the app's uncaught errors.
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const BASE = process.env.LLMOS_URL ?? 'http://127.0.0.1:8000';
export const SHOTS = process.env.SCREENSHOTS ?? '../target/e2e';
mkdirSync(SHOTS, { recursive: true });

export const step = (name) => console.log(`e2e: ${name}`);

export function launch() {
  const executablePath = process.env.CHROMIUM_PATH ?? execSync('command -v chromium').toString().trim();
  return chromium.launch({ executablePath, args: ['--disable-gpu', '--disable-quic'] });
}

/** A new page signed in as `user`; `errors` fills with the page's uncaught errors. */
export async function signedIn(browser, user, { height = 800, timeout = 15_000 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height } });
  const page = await context.newPage();
  page.setDefaultTimeout(timeout);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE + '/');
  await page.getByLabel('User id').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  return { page, errors };
}
