// The Agents screen through the real UI against a real LLMos (local mode) with no model configured (the
// offline provider): the shipped agents are listed, one opens with its prompt, a run is refused with the
// plain "cannot call tools" message, and an edited copy of the agent is saved into the user's volume. Run by dev.llmos.web.WebUiAgentsEndToEndTests (LLMOS_URL, SCREENSHOTS);
// by hand against an offline server: LLMOS_URL=http://127.0.0.1:8000 node e2e/agents.mjs (needs Debian's chromium).
import { launch, SHOTS, signedIn, step } from './browser.mjs';

const browser = await launch();
try {
  const { page, errors } = await signedIn(browser, 'carol');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();

  const side = page.getByRole('complementary', { name: 'Agents' });
  for (const name of ['orchestrator', 'researcher', 'coder', 'reviewer']) {
    await side.getByRole('link', { name, exact: true }).waitFor();
  }
  await page.getByRole('note').getByText("provider 'offline' cannot call tools").waitFor();
  step('the four shipped agents are listed, with the warning that runs will be refused');

  await side.getByRole('link', { name: 'researcher', exact: true }).click();
  await page.waitForURL(/\/ui\/agents\/researcher$/);
  await page.getByRole('region', { name: 'Prompt' }).getByText('You are a careful researcher').waitFor();
  await page.getByRole('definition').filter({ hasText: 'load_skill, search_skills' }).waitFor();
  step('researcher opens with its prompt and front matter');

  await page.getByLabel('Task').fill('Compare SQLite and PostgreSQL for a small team');
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  const alert = page.getByRole('alert');
  await alert.getByText('This server cannot run agents: its model cannot call tools.').waitFor();
  await alert.getByText(/set ANTHROPIC_API_KEY/).waitFor();
  await page.screenshot({ path: `${SHOTS}/agents-offline-refused.png`, fullPage: true });
  step('a run on the offline server says it cannot call tools');

  // Edit a copy of the shipped researcher: the file the UI rebuilds is accepted, and carol's copy now hides the system's.
  await page.getByRole('button', { name: 'Edit a copy in my volume' }).click();
  const file = page.getByLabel('Agent file (front matter and prompt)');
  await file.fill((await file.inputValue()).replace('You are a careful researcher', 'You are a careful researcher for carol'));
  await page.getByRole('button', { name: 'Save to my volume' }).click();
  await page.getByRole('heading', { name: /researcher/ }).getByText('mine').waitFor();
  await page.getByRole('region', { name: 'Prompt' }).getByText('You are a careful researcher for carol').waitFor();
  step("a copy of researcher saved into carol's volume hides the system's");

  // A reload keeps the screen (the server answers /ui/** with the app).
  await page.reload();
  await page.getByRole('region', { name: 'Prompt' }).getByText('You are a careful researcher for carol').waitFor();
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  step('done');
} finally {
  await browser.close();
}
