// The page's text catalogue (www/i18n.js) in Node: every key in all three languages, with the same
// placeholders; every key the page uses exists. The core's catalogue (src/messages.rs) has its own
// test of this kind in Rust (tests/page_text.rs covers the camera keys the page asks it for).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { WWW } from './harness.mjs';
import { LANGS, PAGE_TEXT, joinList, pickLang, t } from '../../www/i18n.js';

const placeholders = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const HAN = /[\u4e00-\u9fff]/;

test('every page key is in en, zh-Hans and zh-Hant, non-empty, with the same placeholders', () => {
  assert.deepEqual(Object.keys(PAGE_TEXT).sort(), [...LANGS].sort());
  const en = Object.keys(PAGE_TEXT.en).sort();
  assert.ok(en.length > 50, `only ${en.length} keys`);
  for (const lang of LANGS) {
    const keys = Object.keys(PAGE_TEXT[lang]).sort();
    assert.deepEqual(keys.filter((k) => !en.includes(k)), [], `${lang} has keys English lacks`);
    assert.deepEqual(en.filter((k) => !keys.includes(k)), [], `${lang} lacks keys`);
    for (const k of keys) {
      assert.ok(PAGE_TEXT[lang][k].trim(), `${lang} ${k} is empty`);
      assert.deepEqual(placeholders(PAGE_TEXT[lang][k]), placeholders(PAGE_TEXT.en[k]), `${lang} ${k} placeholders`);
    }
  }
  // The Chinese catalogues are Chinese (a copy of the English would pass the key check).
  for (const lang of ['zh-Hans', 'zh-Hant']) {
    const han = Object.values(PAGE_TEXT[lang]).filter((s) => HAN.test(s)).length;
    assert.ok(han / en.length > 0.8, `${lang}: only ${han} of ${en.length} texts have Chinese characters`);
  }
});

test('Traditional is not a copy of Simplified', () => {
  const same = Object.keys(PAGE_TEXT.en).filter((k) => HAN.test(PAGE_TEXT['zh-Hans'][k]) && PAGE_TEXT['zh-Hans'][k] === PAGE_TEXT['zh-Hant'][k]);
  assert.ok(same.length < Object.keys(PAGE_TEXT.en).length / 3, `${same.length} texts are identical: ${same.join(', ')}`);
});

test('every key the page uses is in the catalogue', () => {
  const used = new Set();
  const html = readFileSync(path.join(WWW, 'index.html'), 'utf8');
  for (const m of html.matchAll(/data-i18n="([^"]+)"/g)) used.add(m[1]);
  for (const m of html.matchAll(/data-i18n-attr="([^"]+)"/g)) for (const pair of m[1].split(';')) used.add(pair.split(':')[1]);
  // Literal keys in the page's scripts: t(lang, 'key'…) and say('key'…).
  for (const file of readdirSync(WWW).filter((f) => f.endsWith('.js'))) {
    const src = readFileSync(path.join(WWW, file), 'utf8');
    for (const m of src.matchAll(/\b(?:t\(\s*[\w.()]+\s*,|say\()\s*'([a-z][\w.-]*)'/g)) used.add(m[1]);
  }
  // Keys built from codes and ids.
  for (const v of ['pass', 'warn', 'fail']) ['summary.V.title', 'summary.V.detail', 'verdict.V'].forEach((k) => used.add(k.replace('V', v)));
  for (const c of ['empty', 'unsupported-format', 'corrupt', 'too-large', 'buffer-size', 'invalid-input', 'worker', 'unknown']) used.add(`error.${c}`);
  for (const c of ['top-left', 'top-right', 'bottom-right', 'bottom-left']) used.add(`corner.${c}`);
  for (const id of ['blur', 'glare', 'crop', 'color', 'exposure', 'resolution', 'recapture', 'face', 'file', 'edited', 'screenshot', 'compression']) used.add(`check.${id}`);
  for (const c of ['denied', 'not-found', 'in-use', 'unsupported', 'failed']) used.add(`cam.error.${c}`).add(`cam.error.${c}.title`);
  for (const p of ['path.browser', 'path.module', 'path.camera', 'path.pixels']) used.add(p);
  assert.ok(used.size > 60, `found only ${used.size} keys in use: the scan is broken`);
  const missing = [...used].filter((k) => !(k in PAGE_TEXT.en));
  assert.deepEqual(missing, []);
});

test('t fills placeholders and falls back to English, then to the key', () => {
  assert.equal(t('en', 'status.checking', { name: 'a.jpg' }), 'Checking a.jpg…');
  assert.equal(t('zh-Hans', 'status.checking', { name: 'a.jpg' }), '正在检查 a.jpg…');
  assert.equal(t('fr', 'drop.title'), 'Choose a photo of your document');
  assert.equal(t('en', 'no.such.key'), 'no.such.key');
  assert.equal(joinList('en', ['a', 'b', 'c']), 'a, b and c');
  assert.equal(joinList('zh-Hans', ['清晰度', '反光']), '清晰度和反光');
});

test('the language follows the browser as the core does', () => {
  assert.equal(pickLang(['zh-CN', 'en']), 'zh-Hans');
  assert.equal(pickLang(['zh-TW']), 'zh-Hant');
  assert.equal(pickLang(['zh-Hant-HK']), 'zh-Hant');
  assert.equal(pickLang(['fr-FR', 'en-GB']), 'en');
  assert.equal(pickLang(['fr-FR']), 'en');
  assert.equal(pickLang(['zh']), 'zh-Hans');
  assert.equal(pickLang(['zh-Hans-HK']), 'zh-Hans', 'the script, when given, decides');
});

// The same table is in src/messages.rs (`every_language_picker_reads_tags_alike`).
const TAGS = [
  ['en', 'en'], ['en-GB', 'en'], ['zh', 'zh-Hans'], ['zh-CN', 'zh-Hans'], ['zh-SG', 'zh-Hans'], ['zh-Hans', 'zh-Hans'],
  ['zh-TW', 'zh-Hant'], ['zh-HK', 'zh-Hant'], ['zh-MO', 'zh-Hant'], ['zh-Hant', 'zh-Hant'], ['zh-Hant-CN', 'zh-Hant'],
  ['zh-Hans-HK', 'zh-Hans'], ['zh_TW', 'zh-Hant'], ['ZH-hant-tw', 'zh-Hant'],
];

test('the page, the form, the npm package and the core read a language tag alike', async () => {
  globalThis.document ??= { getElementById: () => null };
  const { langFromTag } = await import('../../www/policy.js');
  const pkg = await import('../../src/js/index.js');
  for (const [tag, want] of TAGS) {
    assert.equal(pickLang([tag]), want, `www/i18n.js ${tag}`);
    assert.equal(langFromTag(tag), want, `www/policy.js ${tag}`);
    assert.equal(pkg.pickLang([tag]), want, `src/js/index.js ${tag}`);
  }
});

test('the form labels (www/policy.js) are in all three languages too', async () => {
  // policy.js mounts itself on a page with #policy; Node has no page, so it finds none.
  globalThis.document ??= { getElementById: () => null };
  const { POLICY_TEXT } = await import('../../www/policy.js');
  const en = Object.keys(POLICY_TEXT.en).sort();
  assert.ok(en.length > 20);
  for (const lang of LANGS) {
    assert.deepEqual(Object.keys(POLICY_TEXT[lang]).sort(), en, `${lang} has the same keys as English`);
    for (const k of en) assert.ok(POLICY_TEXT[lang][k].trim(), `${lang} ${k} is empty`);
  }
  for (const lang of ['zh-Hans', 'zh-Hant']) assert.match(POLICY_TEXT[lang].title, HAN);
});
