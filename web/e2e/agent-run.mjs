// A full agent run through the real UI against a real LLMos whose "Anthropic" is a fake on loopback that
// answers with real tool_use blocks: the shipped orchestrator delegates to the researcher and the reviewer;
// the run streams live as a tree, then the run tree with outcomes and totals replaces it (the answer shown
// once), and an agent's trace opens. Run by dev.llmos.web.WebUiAgentRunEndToEndTests (LLMOS_URL, SCREENSHOTS).
import { launch, SHOTS, signedIn, step } from './browser.mjs';

const browser = await launch();
try {
  const { page, errors } = await signedIn(browser, 'dave', { height: 900, timeout: 20_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
  await page.getByRole('complementary', { name: 'Agents' }).getByRole('link', { name: 'orchestrator', exact: true }).click();
  await page.getByRole('region', { name: 'Prompt' }).waitFor();
  if (await page.getByRole('note').count()) throw new Error('the no-tools note shows although the model can call tools');

  await page.getByLabel('Task').fill('Pick a database and check my schema');
  // The live tree lasts only until the run's tree is in: a MutationObserver, set before the click, notes it.
  await page.evaluate(() => {
    const w = window;
    w.__sawLive = false;
    new MutationObserver(() => {
      const live = document.querySelector('ul[aria-label="Live run"]');
      const text = live?.textContent ?? '';
      if (live?.querySelector('li[aria-label="agent orchestrator"] li[aria-label="agent researcher"]')
        && text.includes('PostgreSQL, for concurrent writers.') && text.includes('Add a created_at column.')) w.__sawLive = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('button', { name: 'Run', exact: true }).click();
  await page.getByRole('region', { name: /^Run trace_/ }).waitFor();
  if (!(await page.evaluate(() => window.__sawLive))) throw new Error('the live tree never showed both sub-agents with their text');
  step('the run streamed live: the orchestrator delegated to the researcher and the reviewer, nested, with their text');

  const tree = page.getByRole('region', { name: /^Run trace_/ });
  await tree.getByText(/3 agents · /).waitFor();
  await tree.getByRole('region', { name: 'Answer' }).getByText('Use PostgreSQL.').waitFor();
  await page.getByRole('list', { name: 'Live run' }).waitFor({ state: 'detached' });
  const answers = await page.getByText('Use PostgreSQL.').count();
  if (answers !== 1) throw new Error(`the answer shows ${answers} times, not once`);
  const researcher = tree.getByRole('listitem', { name: 'agent researcher' });
  await researcher.getByText('ok', { exact: true }).waitFor();
  await researcher.getByText('Compare SQLite and PostgreSQL for a small team').waitFor();
  await researcher.getByText('Answer', { exact: true }).click(); // a sub-agent's own answer, folded away
  await researcher.getByText('PostgreSQL, for concurrent writers.').waitFor();
  await page.screenshot({ path: `${SHOTS}/agents-run-tree.png`, fullPage: true });
  step('the run tree shows three agents with their tasks, outcomes and totals, and the answer once');

  await researcher.getByRole('link', { name: 'trace' }).click();
  await page.waitForURL(/\/ui\/chat\/trace_/);
  await page.getByText('PostgreSQL, for concurrent writers.').first().waitFor();
  step("the researcher's trace opens");
  if (errors.length) throw new Error('page errors: ' + errors.join('; '));
  step('done');
} finally {
  await browser.close();
}
