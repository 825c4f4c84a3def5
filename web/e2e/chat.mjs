// The chat screen through the real UI against a real LLMos (local mode) whose "Anthropic" is a fake on loopback
// (it lists two models and answers a Fibonacci question with a Python code block): pick a model, a highlighted
// code block with Copy, skill chips naming their layer on every answer (the follow-up's too), regenerate, edit and
// resend, the conversation list (ellipsis, date groups, rename, search, delete, an agent run apart), then at phone
// width. Run by dev.llmos.web.WebUiEndToEndTests (LLMOS_URL, SCREENSHOTS); screenshots in target/e2e/chat-*.png.
import { BASE, launch, SHOTS, step } from './browser.mjs';

const USER = 'erin';
const LONG = 'Write a Python function that returns the n-th Fibonacci number, and explain how fast it is for large inputs';

async function api(method, path, body) {
  const res = await fetch(BASE + path, { method, headers: { 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.text();
}

const check = (ok, what) => {
  if (!ok) throw new Error(what);
};

// An agent run of erin's (an agent of her own, no tools), so the list has a run to keep apart from chats.
await api('PUT', '/agents/greeter', { user_id: USER, content: '---\ndescription: Greets\ntools: []\n---\nGreet the user in one line.\n' });
await api('POST', '/agents/greeter/run', { user_id: USER, task: 'Say hello to the team' });
await api('POST', '/chat', { user_id: USER, message: 'What time zone is Tokyo in?' });

const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(BASE + '/');
  await page.getByLabel('User id').fill(USER);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();

  // The model picker holds what the provider offers; pick the second one.
  const picker = page.getByLabel('Model');
  await picker.locator('option', { hasText: 'claude-haiku-9' }).waitFor({ state: 'attached' });
  await picker.selectOption('claude-haiku-9');

  await page.getByLabel('Message').fill(LONG);
  await page.getByLabel('Message').press('Enter');
  const first = page.getByRole('article', { name: 'Turn 1' });
  await first.locator('.meta', { hasText: 'claude-haiku-9' }).waitFor();
  const code = first.locator('.code-block');
  await code.locator('.hljs-keyword', { hasText: 'def' }).first().waitFor(); // highlighted, once its chunk loaded
  await code.getByRole('button', { name: 'Copy code' }).click();
  await code.getByText('Copied').waitFor();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied.startsWith('def fib(n):'), `the clipboard holds ${JSON.stringify(copied)}`);
  const chip = first.getByRole('list', { name: 'Skills used' }).locator('li', { hasText: 'Python Coding Best Practices' });
  await chip.getByText('system', { exact: true }).waitFor();
  await page.screenshot({ path: `${SHOTS}/chat-1-answer-code.png` });
  step('picked a model; the answer has a highlighted code block whose Copy works, and a chip naming its layer');

  // A follow-up that names no skill keeps the conversation's; then regenerate it, and flip between the versions.
  await page.getByLabel('Message').fill('Make it iterative');
  await page.getByLabel('Message').press('Enter');
  const second = page.getByRole('article', { name: 'Turn 2' });
  await second.locator('.meta', { hasText: 'tokens' }).waitFor();
  const kept = second.getByRole('list', { name: 'Skills used' }).locator('li', { hasText: 'Python Coding Best Practices' });
  check((await kept.getAttribute('title'))?.includes('kept from the turn before'), 'the follow-up has no chip kept from the turn before');
  await second.getByRole('button', { name: 'Regenerate' }).click();
  await second.getByText('2 / 2').waitFor();
  await second.locator('.meta', { hasText: 'tokens' }).waitFor();
  await second.getByRole('button', { name: 'Previous version' }).click();
  await second.getByText('1 / 2').waitFor();
  await page.screenshot({ path: `${SHOTS}/chat-2-regenerated.png` });
  step('the follow-up kept its skill; regenerated, with both versions to flip between');

  // The list: the long title is cut with an ellipsis under Today; the agent run is apart; rename, search, delete.
  const side = page.getByRole('complementary', { name: 'Conversations' });
  const today = side.getByRole('region', { name: 'Today' });
  const title = today.getByRole('link', { name: LONG });
  const cut = await title.evaluate((el) => getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth);
  check(cut, 'the long title is not cut with an ellipsis');
  await today.getByRole('link', { name: 'What time zone is Tokyo in?' }).waitFor();
  check(!(await today.getByText(/Say hello to the team/).count()), 'the agent run is listed among the chats');
  await side.getByText('Agent runs (1)').click();
  await side.getByRole('link', { name: 'greeter: Say hello to the team' }).waitFor();
  await page.screenshot({ path: `${SHOTS}/chat-3-list.png` });

  await side.getByRole('button', { name: `Actions for ${LONG}` }).click();
  await side.getByRole('button', { name: 'Rename' }).click();
  await side.getByLabel('New title').fill('Fibonacci in Python');
  await side.getByRole('button', { name: 'Save' }).click();
  await side.getByRole('link', { name: 'Fibonacci in Python' }).waitFor();
  await page.getByRole('heading', { name: 'Fibonacci in Python' }).waitFor(); // the open conversation's title too

  await side.getByLabel('Search conversations').fill('tokyo');
  await side.getByRole('region', { name: 'Results for “tokyo”' }).getByRole('link', { name: 'What time zone is Tokyo in?' }).waitFor();
  await side.getByLabel('Search conversations').fill('');
  await today.getByRole('link', { name: 'What time zone is Tokyo in?' }).waitFor();
  await side.getByRole('button', { name: 'Actions for What time zone is Tokyo in?' }).click();
  await side.getByRole('button', { name: 'Delete' }).click();
  await side.getByRole('alertdialog', { name: 'Delete conversation' }).getByRole('button', { name: 'Delete' }).click();
  await side.getByRole('link', { name: 'What time zone is Tokyo in?' }).waitFor({ state: 'detached' });
  step('the list: an ellipsis title under Today, the agent run apart, renamed, searched, one deleted');

  // Edit the first question and send it again: the conversation now reads from there.
  await first.getByRole('button', { name: 'Edit and resend' }).click();
  await first.getByLabel('Edit message').fill('Write a Python function for Fibonacci numbers, please');
  await first.getByRole('button', { name: 'Send' }).click();
  await first.getByText('2 / 2').waitFor();
  await page.getByRole('article', { name: 'Turn 2' }).waitFor({ state: 'detached' });
  step('edited and resent the first question, which dropped the turns after it');

  // Phone width: the message box is on the first screen; the list folds away behind a button.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(page.url());
  await page.getByRole('article', { name: 'Turn 1' }).locator('.meta', { hasText: 'tokens' }).waitFor();
  const box = await page.getByLabel('Message').boundingBox();
  check(box && box.y + box.height <= 844, `the message box is below the first screen (${JSON.stringify(box)})`);
  check(!(await side.isVisible()), 'the conversation list takes the phone screen');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `the page is ${overflow} px wider than a phone`);
  await page.screenshot({ path: `${SHOTS}/chat-4-phone.png` });
  await page.getByRole('button', { name: 'Conversations' }).click();
  await side.getByRole('link', { name: 'Fibonacci in Python' }).waitFor();
  check(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'the open list is wider than a phone');
  await page.screenshot({ path: `${SHOTS}/chat-5-phone-list.png` });
  step('at phone width the message box comes first, the list behind a button');
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  step('done');
} finally {
  await browser.close();
}
