// End-to-end test of the form-data rules on the demo page (www/policy.js) in headless Chromium:
// results appear as the person types, fields are marked, the language follows the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ARTIFACTS, WWW, launch, serve } from './harness.mjs';

const HAN = /[\u4e00-\u9fff]/;
let server;
let browser;
let page;
const problems = [];
const foreign = [];

before(async () => {
  assert.ok(existsSync(path.join(WWW, 'pkg/kyc_preflight_bg.wasm')), 'run `make wasm` first');
  mkdirSync(ARTIFACTS, { recursive: true });
  server = await serve();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
  page.on('request', (r) => !r.url().startsWith(server.url) && !r.url().startsWith('data:') && foreign.push(r.url()));
  await page.goto(server.url);
  await page.waitForSelector('#policy[data-ready="true"]', { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** "rule:verdict" for each rule shown. */
const shown = () => page.$$eval('#policy li', (lis) => lis.map((li) => `${li.dataset.rule}:${li.dataset.verdict}`));
const field = (key) => `#kp-policy-${key}`;

test('an empty form shows no rule, and each field typed brings its rule', async () => {
  assert.deepEqual(await shown(), []);
  await page.type(field('expiryDate'), '2000-01-01');
  assert.deepEqual(await shown(), ['document-validity:fail']);
  assert.equal(await page.getAttribute(field('expiryDate'), 'aria-invalid'), 'true');
  await page.fill(field('expiryDate'), '2099-12-31');
  assert.deepEqual(await shown(), ['document-validity:pass']);
  assert.equal(await page.getAttribute(field('expiryDate'), 'aria-invalid'), null);
});

test('a mistyped PRC ID number fails until it is corrected; a name in other case warns', async () => {
  await page.selectOption(field('documentType'), 'id-card');
  await page.type(field('issuingCountry'), 'CN');
  await page.type(field('dateOfBirth'), '1949-12-31');
  await page.type(field('idNumber'), '110105194912310021');
  await page.type(field('fullName'), 'zhang san');
  await page.type(field('documentName'), 'ZHANG SAN');
  assert.deepEqual(await shown(), ['document-validity:pass', 'age:pass', 'country:pass', 'id-number:fail', 'name-format:warn']);
  const message = await page.textContent('#policy li[data-rule="id-number"]');
  assert.match(message, /check digit/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'policy-form.png'), fullPage: true });
  await page.fill(field('idNumber'), '11010519491231002x');
  assert.deepEqual(await shown(), ['document-validity:pass', 'age:pass', 'country:pass', 'id-number:pass', 'name-format:warn']);
});

test('the messages follow the language chosen on the page', async () => {
  await page.selectOption('#lang', 'zh-Hant');
  await page.waitForFunction(() => /[\u4e00-\u9fff]/.test(document.querySelector('#policy li')?.textContent ?? ''));
  assert.match(await page.textContent('#policy h2'), HAN);
  assert.match(await page.textContent('#policy li[data-rule="name-format"]'), /證件/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'policy-form-zh-Hant.png'), fullPage: true });
  await page.selectOption('#lang', 'en');
});

test('a broken profile is reported and the form keeps working', async () => {
  await page.click('#policy summary');
  await page.fill('#kp-policy-profile', '{"minAge": ');
  assert.notEqual((await page.textContent('#policy .kp-error')).trim(), '');
  await page.fill('#kp-policy-profile', '{"restrictedIssuingCountries": ["CN"]}');
  assert.equal((await page.textContent('#policy .kp-error')).trim(), '');
  assert.ok((await shown()).includes('country:fail'));
  await page.fill('#kp-policy-profile', '');
  assert.ok((await shown()).includes('country:pass'));
});

test('nothing went wrong and nothing left the page', () => {
  assert.deepEqual(problems, []);
  assert.deepEqual(foreign, []);
});
