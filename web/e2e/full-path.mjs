// The full path through the real UI against a real LLMos (local mode) whose model is a fake on loopback:
// chat with streaming -> feedback -> evolve -> accept the draft -> promote -> approve as another user ->
// the skill is used in a team member's chat. Run by dev.llmos.web.WebUiEndToEndTests (LLMOS_URL, SCREENSHOTS);
// by hand: LLMOS_URL=http://127.0.0.1:8000 node e2e/full-path.mjs (needs Debian's chromium).
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

const BASE = process.env.LLMOS_URL ?? 'http://127.0.0.1:8000';
const SHOTS = process.env.SCREENSHOTS ?? '../target/e2e';
const CHROMIUM = process.env.CHROMIUM_PATH ?? execSync('command -v chromium').toString().trim();
const TEAM = 'eng';
mkdirSync(SHOTS, { recursive: true });

const RECIPES = [
  'Suggest a quick weeknight dinner recipe with chickpeas and spinach',
  'Give me a quick weeknight dinner recipe using chickpeas and spinach',
  'I need a quick weeknight dinner recipe with chickpeas and spinach tonight',
];
const OTHERS = [
  'What is the capital of France?', 'Write a haiku about autumn leaves falling',
  'Explain quantum entanglement to a ten year old', 'How do I center a div with flexbox?',
  'Suggest a name for my new bakery', 'What time zone is Tokyo in?', 'Recommend three science fiction novels',
  'How many grams of protein are in an egg?', 'Translate good morning into Italian', 'Why is the sky blue?',
  'Plan a three day trip to Lisbon', 'What does HTTP 418 mean?',
];

async function api(path, body) {
  const res = await fetch(BASE + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Alice's history so far: three similar requests (two rated up) among twelve unrelated ones. */
async function seed() {
  const ids = [];
  for (const message of [...RECIPES, ...OTHERS]) {
    ids.push((await api('/chat', { user_id: 'alice', team_id: TEAM, message })).trace_id);
  }
  for (const id of ids.slice(0, 2)) await api(`/traces/${id}/feedback`, { user_id: 'alice', rating: 'up' });
}

async function signIn(browser, user) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (e) => console.error(`[${user}] page error: ${e.message}`));
  await page.goto(BASE + '/');
  await page.getByLabel('User id').fill(user);
  await page.getByLabel('Team (optional)').fill(TEAM);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  return page;
}

async function chat(page, message) {
  await page.getByRole('link', { name: 'Chat', exact: true }).click();
  await page.getByLabel('Message').fill(message);
  await page.getByLabel('Message').press('Enter');
  const turn = page.locator('article.turn').last();
  await turn.locator('.meta', { hasText: 'tokens' }).waitFor();
  return turn;
}

const step = (name) => console.log(`e2e: ${name}`);
const started = Date.now();
await seed();
step('seeded 15 traces');
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu', '--disable-quic'] });
try {
  // Alice chats (streamed) and rates the answer.
  const alice = await signIn(browser, 'alice');
  const turn = await chat(alice, 'What is a quick weeknight dinner recipe with chickpeas and spinach?');
  await turn.getByText('Hello from the fake').waitFor();
  // One click rates (the button shows pressed); the comment is optional, after.
  await turn.getByRole('button', { name: 'Good answer' }).click();
  await turn.getByText(/Rated good/).waitFor();
  if ((await turn.getByRole('button', { name: 'Good answer' }).getAttribute('aria-pressed')) !== 'true') throw new Error('Good is not pressed');
  await turn.getByRole('button', { name: 'Add a comment' }).click();
  await turn.getByLabel('Feedback comment').fill('exactly what I wanted');
  await turn.getByRole('button', { name: 'Save comment' }).click();
  await turn.getByText(/“exactly what I wanted”/).waitFor();
  await alice.screenshot({ path: `${SHOTS}/1-chat-feedback.png` });
  step('chat streamed and rated');

  // Evolution finds the pattern; Alice accepts the draft.
  await alice.getByRole('link', { name: 'Evolution' }).click();
  await alice.getByRole('button', { name: 'Run evolution' }).click();
  await alice.getByText(/Analysed 16 traces/).waitFor();
  const card = alice.locator('li.card', { hasText: 'chickpea' }).first();
  const draftId = (await card.getAttribute('aria-label')).replace(/^Draft /, '');
  await card.getByText('Diff', { exact: true }).click();
  await alice.screenshot({ path: `${SHOTS}/2-evolution-draft.png` });
  await card.getByRole('button', { name: 'Accept' }).click();
  await alice.getByText(`Accepted ${draftId}`).waitFor();
  step(`draft ${draftId} accepted`);

  // Alice finds the skill and asks to promote it to her team.
  await alice.getByRole('link', { name: 'Skills' }).click();
  await alice.getByLabel('Search skills').fill(draftId);
  await alice.getByRole('button', { name: 'Search' }).click();
  await alice.locator(`a[href^="/ui/skills/${draftId}?"]`).first().click();
  await alice.getByLabel('Reason for promotion').fill('The whole team cooks these');
  await alice.getByRole('button', { name: 'Promote to team' }).click();
  await alice.locator('.promotion .badge', { hasText: 'open' }).waitFor();
  await alice.screenshot({ path: `${SHOTS}/3-promotion-opened.png` });
  step('promotion opened');

  // Bob, in the same team, reviews and approves it.
  const bob = await signIn(browser, 'bob');
  await bob.getByRole('link', { name: 'Promotions' }).click();
  await bob.getByRole('region', { name: 'Inbox' }).getByRole('link', { name: new RegExp(draftId) }).click();
  await bob.getByLabel('Comment or reason').fill('Looks good');
  await bob.getByRole('button', { name: 'Approve' }).click();
  await bob.locator('.promotion .badge', { hasText: 'merged' }).waitFor();
  await bob.screenshot({ path: `${SHOTS}/4-promotion-approved.png` });
  step('promotion approved by bob');

  // Bob's own chat now uses the team's new skill: retrieval finds it, and $ picks it explicitly.
  const bobTurn = await chat(bob, 'Quick weeknight dinner recipe with chickpeas and spinach, please');
  await bobTurn.locator(`.chips a[href^="/ui/skills/${draftId}?"]`).waitFor();
  const box = bob.getByLabel('Message');
  await box.fill('Dinner ideas with ');
  await box.press('End');
  await box.pressSequentially('$' + draftId.slice(0, 6));
  await bob.getByRole('listbox', { name: 'Skills to mention' }).locator(`#mention-${draftId}`).click();
  if (!(await box.inputValue()).includes(`$${draftId} `)) throw new Error(`mention not inserted: ${await box.inputValue()}`);
  await box.press('Enter');
  const mentioned = bob.locator('article.turn').last();
  await mentioned.locator('.meta', { hasText: 'tokens' }).waitFor();
  await mentioned.locator(`.chips a[href^="/ui/skills/${draftId}?"]`).waitFor();
  step('$ mention picked the skill');
  await bob.screenshot({ path: `${SHOTS}/5-team-chat-uses-skill.png` });
  await bob.setViewportSize({ width: 390, height: 844 });
  await bob.screenshot({ path: `${SHOTS}/6-phone-width.png` });
  step(`bob's chat used ${draftId}`);
} finally {
  await browser.close();
}
console.log(`e2e: passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
