// Form-data rules beside the photo checks: a small form whose rule results (checkPolicy, from the
// wasm core) update as the person types. Nothing leaves the page. Styles are in policy.css (the
// page's Content-Security-Policy allows no inline styles). On a page with an element #policy the
// form mounts itself there and follows the language chosen in #lang.
import init, { checkPolicy } from './pkg/kyc_preflight.js';

/** @typedef {'en' | 'zh-Hans' | 'zh-Hant'} Lang */

const DOCUMENT_TYPES = ['passport', 'id-card', 'driving-licence', 'residence-permit'];

/** The form's fields, in the order shown; `key` is the form's JSON key. */
const FIELDS = [
  { key: 'documentType', kind: 'select' },
  { key: 'issuingCountry', kind: 'text', placeholder: 'GB', size: 4, upper: true },
  { key: 'residenceCountry', kind: 'text', placeholder: 'GB', size: 4, upper: true },
  { key: 'dateOfBirth', kind: 'text', placeholder: 'YYYY-MM-DD', size: 12 },
  { key: 'expiryDate', kind: 'text', placeholder: 'YYYY-MM-DD', size: 12 },
  { key: 'addressProofDate', kind: 'text', placeholder: 'YYYY-MM-DD', size: 12 },
  { key: 'idNumber', kind: 'text', size: 22 },
  { key: 'mrz', kind: 'textarea', placeholder: 'P<UTOERIKSSON<<ANNA<MARIA<<<…' },
  { key: 'fullName', kind: 'text', size: 28 },
  { key: 'documentName', kind: 'text', size: 28 },
];

/** Labels of the form, by language. The rule messages themselves come from the core.
 * tests/e2e/i18n.test.mjs checks that every key is in all three languages. */
export const POLICY_TEXT = {
  en: {
    title: 'Form details',
    intro: 'Checked as you type, on this device.',
    documentType: 'Document type', issuingCountry: 'Issuing country (ISO code)',
    residenceCountry: 'Country of residence (ISO code)', dateOfBirth: 'Date of birth',
    expiryDate: 'Expiry date', addressProofDate: 'Proof of address dated', idNumber: 'ID number',
    mrz: 'Machine-readable zone (optional)', fullName: 'Your full name', documentName: 'Name as printed on the document',
    choose: '—', 'passport': 'Passport', 'id-card': 'ID card', 'driving-licence': 'Driving licence',
    'residence-permit': 'Residence permit',
    profile: 'Policy profile (JSON, optional)', profileHint: 'Empty: the default profile (docs/POLICY.md).',
    empty: 'Fill in a field to see its rule.', pass: 'pass', warn: 'warn', fail: 'fail',
    overall: 'Form',
  },
  'zh-Hans': {
    title: '表单信息',
    intro: '在本设备上边输入边检查。',
    documentType: '证件类型', issuingCountry: '签发国家或地区（ISO 代码）', residenceCountry: '居住国家或地区（ISO 代码）',
    dateOfBirth: '出生日期', expiryDate: '到期日期', addressProofDate: '地址证明日期', idNumber: '证件号码',
    mrz: '机读区（选填）', fullName: '您的姓名', documentName: '证件上印的姓名',
    choose: '—', 'passport': '护照', 'id-card': '身份证', 'driving-licence': '驾驶证', 'residence-permit': '居留证',
    profile: '策略配置（JSON，选填）', profileHint: '留空则使用默认配置（docs/POLICY.md）。',
    empty: '填写任一栏即可看到对应的检查结果。', pass: '通过', warn: '注意', fail: '不通过',
    overall: '表单',
  },
  'zh-Hant': {
    title: '表單資料',
    intro: '在本裝置上邊輸入邊檢查。',
    documentType: '證件類型', issuingCountry: '簽發國家或地區（ISO 代碼）', residenceCountry: '居住國家或地區（ISO 代碼）',
    dateOfBirth: '出生日期', expiryDate: '到期日期', addressProofDate: '地址證明日期', idNumber: '證件號碼',
    mrz: '機讀區（選填）', fullName: '您的姓名', documentName: '證件上印的姓名',
    choose: '—', 'passport': '護照', 'id-card': '身份證', 'driving-licence': '駕駛執照', 'residence-permit': '居留證',
    profile: '政策設定（JSON，選填）', profileHint: '留空則使用預設設定（docs/POLICY.md）。',
    empty: '填寫任一欄即可看到對應的檢查結果。', pass: '通過', warn: '注意', fail: '不通過',
    overall: '表單',
  },
};

/** The catalogue language nearest to a BCP 47 tag, as the core's `Lang::from_tag` chooses. */
export function langFromTag(tag) {
  const t = String(tag || '').toLowerCase().replaceAll('_', '-');
  if (t === 'zh' || t.startsWith('zh-')) {
    const parts = t.split('-');
    if (parts.includes('hans')) return 'zh-Hans'; // the script, when given, decides
    return parts.some((p) => ['hant', 'tw', 'hk', 'mo'].includes(p)) ? 'zh-Hant' : 'zh-Hans';
  }
  return 'en';
}

function el(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'text') node.textContent = v;
    else node.setAttribute(k, v);
  }
  node.append(...children);
  return node;
}

/**
 * Builds the form inside `root` and keeps its results current.
 * @param {HTMLElement} root
 * @param {{ lang?: Lang, today?: string }} [options] `today` ('YYYY-MM-DD') is for tests; by default
 *   the core uses the browser's local date.
 * @returns {Promise<{ setLang(lang: Lang): void, update(): import('./pkg/kyc_preflight.js').PolicyReport | null }>}
 */
export async function mountPolicyForm(root, options = {}) {
  await init();
  let lang = options.lang || langFromTag(document.documentElement.lang || navigator.language);
  const section = el('section', { class: 'kp-policy', 'aria-labelledby': 'kp-policy-title' });
  const title = el('h2', { id: 'kp-policy-title' });
  const intro = el('p', { class: 'kp-intro' });
  const form = el('form', { novalidate: '', autocomplete: 'off' });
  const inputs = {};
  const labels = {};
  for (const f of FIELDS) {
    const id = `kp-policy-${f.key}`;
    let input;
    if (f.kind === 'select') {
      input = el('select', { id, name: f.key });
      input.append(el('option', { value: '' }), ...DOCUMENT_TYPES.map((t) => el('option', { value: t })));
    } else if (f.kind === 'textarea') {
      input = el('textarea', { id, name: f.key, rows: '3', spellcheck: 'false', placeholder: f.placeholder || '' });
    } else {
      input = el('input', { id, name: f.key, type: 'text', spellcheck: 'false', size: String(f.size || 20) });
      if (f.placeholder) input.placeholder = f.placeholder;
      if (f.upper) input.setAttribute('autocapitalize', 'characters');
    }
    labels[f.key] = el('label', { for: id });
    inputs[f.key] = input;
    form.append(labels[f.key], input);
  }
  const profileArea = el('textarea', { id: 'kp-policy-profile', rows: '4', spellcheck: 'false', placeholder: '{"minAge": 21, "restrictedResidenceCountries": ["KP"]}' });
  const profileSummary = el('summary');
  const profileHint = el('div');
  form.append(el('details', {}, [profileSummary, profileHint, profileArea]));
  const error = el('p', { class: 'kp-error', role: 'alert' });
  const overall = el('p', { 'aria-live': 'polite' });
  const list = el('ul', { 'aria-live': 'polite' });
  section.append(title, intro, form, error, overall, list);
  root.append(section);

  function words() {
    return POLICY_TEXT[lang] || POLICY_TEXT.en;
  }

  function relabel() {
    const w = words();
    title.textContent = w.title;
    intro.textContent = w.intro;
    for (const f of FIELDS) labels[f.key].textContent = w[f.key];
    for (const opt of inputs.documentType.options) opt.textContent = opt.value ? w[opt.value] : w.choose;
    profileSummary.textContent = w.profile;
    profileHint.textContent = w.profileHint;
  }

  /** The typed form: empty fields are left out, so their rules do not run. */
  function readForm() {
    const out = {};
    for (const f of FIELDS) {
      const v = inputs[f.key].value;
      if (v.trim() !== '') out[f.key] = v;
    }
    return out;
  }

  function readProfile() {
    const text = profileArea.value.trim();
    return text ? JSON.parse(text) : undefined;
  }

  function render(report) {
    const w = words();
    list.replaceChildren();
    for (const input of Object.values(inputs)) {
      input.removeAttribute('aria-invalid');
      input.classList.remove('kp-warned');
    }
    if (report.rules.length === 0) {
      overall.textContent = w.empty;
      return;
    }
    overall.replaceChildren(el('strong', { text: `${w.overall}${lang === 'en' ? ': ' : '：'}` }), el('span', { class: `kp-badge kp-${report.verdict}`, text: w[report.verdict] }));
    for (const rule of report.rules) {
      list.append(el('li', { 'data-rule': rule.id, 'data-verdict': rule.verdict }, [
        el('code', { text: rule.id }),
        el('span', { class: `kp-badge kp-${rule.verdict}`, text: w[rule.verdict] }),
        el('span', { text: rule.message }),
      ]));
      for (const key of rule.verdict === 'pass' ? [] : rule.fields) {
        const input = inputs[key];
        if (!input) continue;
        if (rule.verdict === 'fail') input.setAttribute('aria-invalid', 'true');
        else if (input.getAttribute('aria-invalid') !== 'true') input.classList.add('kp-warned');
      }
    }
  }

  function update() {
    error.textContent = '';
    try {
      const opts = { lang };
      if (options.today) opts.today = options.today;
      const report = checkPolicy(readForm(), readProfile(), opts);
      render(report);
      return report;
    } catch (e) {
      // A profile that is not JSON, or breaks the profile format: say why, keep the form usable.
      error.textContent = e && e.message ? e.message : String(e);
      list.replaceChildren();
      overall.textContent = '';
      return null;
    }
  }

  function setLang(next) {
    lang = POLICY_TEXT[next] ? next : 'en';
    relabel();
    update();
  }

  form.addEventListener('input', update);
  form.addEventListener('submit', (e) => e.preventDefault());
  // Follow the page's language when it changes <html lang>.
  new MutationObserver(() => setLang(langFromTag(document.documentElement.lang))).observe(document.documentElement, {
    attributes: true,
    attributeFilter: ['lang'],
  });
  relabel();
  update();
  return { setLang, update };
}

/** Mounts the form into #policy, if the page has one, following the page's #lang selector. */
async function autoMount() {
  const host = document.getElementById('policy');
  if (!host) return;
  const select = document.getElementById('lang');
  const form = await mountPolicyForm(host, select ? { lang: select.value } : {});
  select?.addEventListener('change', () => form.setLang(select.value));
  host.dataset.ready = 'true';
}

autoMount().catch((e) => console.error('policy form:', e));
