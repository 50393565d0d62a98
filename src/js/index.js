// kyc-preflight off the main thread: createValidator() starts one Web Worker that runs the wasm.
// Calls are queued and run one at a time; pixel buffers are transferred, not copied; an
// AbortSignal drops a queued call; errors keep the wasm's { code, message }. Types: index.d.ts.

export { prepareUpload, PREPARE_DEFAULTS } from './prepare.js';

/** Where the worker and the wasm are, beside this module (bundlers follow these `new URL`s). */
const WORKER_URL = new URL('./worker.js', import.meta.url);
const WASM_URL = new URL('./kyc_preflight_bg.wasm', import.meta.url);
const VALIDATOR_OPTIONS = ['workerUrl', 'wasmUrl'];

/**
 * Starts the worker and the wasm in it; resolves once both are ready.
 * @param {import('./index.js').ValidatorOptions} [options]
 */
export async function createValidator(options = {}) {
  const unknown = Object.keys(options ?? {}).filter((k) => !VALIDATOR_OPTIONS.includes(k));
  if (unknown.length) throw coded('invalid-options', `unknown option ${unknown.join(', ')} (known: ${VALIDATOR_OPTIONS.join(', ')})`);
  let worker;
  try {
    worker = new Worker(options?.workerUrl ?? WORKER_URL, { type: 'module', name: 'kyc-preflight' });
  } catch (e) {
    throw coded('worker', `the kyc-preflight worker cannot be started here: ${e?.message ?? e}`);
  }
  let started;
  // A relative wasmUrl is taken relative to the page, not to the worker's script.
  const wasmUrl = new URL(String(options?.wasmUrl ?? WASM_URL), globalThis.location?.href).href;
  const validator = new Validator(worker, wasmUrl, (p) => (started = p));
  try {
    await started;
  } catch (e) {
    validator.terminate();
    throw e;
  }
  return validator;
}

/**
 * The first of the browser's languages (`navigator.languages`) that the messages exist in:
 * 'zh-Hant' for Chinese in traditional script (zh-Hant, zh-TW, zh-HK, zh-MO), 'zh-Hans' for other
 * Chinese, 'en' otherwise. `check` uses it when no `lang` is given.
 */
export function pickLang(tags = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en']) {
  for (const tag of tags) {
    const t = String(tag).toLowerCase().replaceAll('_', '-');
    if (t === 'en' || t.startsWith('en-')) return 'en';
    if (t !== 'zh' && !t.startsWith('zh-')) continue;
    const parts = t.split('-');
    if (parts.includes('hans')) return 'zh-Hans'; // the script, when given, decides
    return parts.some((p) => ['hant', 'tw', 'hk', 'mo'].includes(p)) ? 'zh-Hant' : 'zh-Hans';
  }
  return 'en';
}

class Validator {
  #worker;
  /** Jobs not yet sent, oldest first. */
  #queue = [];
  /** The job the worker is running, or null. */
  #running = null;
  #nextId = 1;
  #closed = false;

  /** `onStart` receives the promise of the wasm's start in the worker, the first job queued. */
  constructor(worker, wasmUrl, onStart) {
    this.#worker = worker;
    worker.onmessage = (e) => this.#reply(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      this.#fail(coded('worker', `the kyc-preflight worker failed: ${e.message || 'it could not be loaded'}`));
    };
    worker.onmessageerror = () => this.#fail(coded('worker', 'a reply from the kyc-preflight worker could not be read'));
    onStart(this.#submit({ type: 'init', wasmUrl }, []));
  }

  /** Calls queued or running in the worker (an aborted call still counts until the worker is done with it). */
  get pending() {
    return this.#queue.length + (this.#running ? 1 : 0);
  }

  /** Checks a photo; resolves to the Report of `validateImageData`. */
  async check(input, options) {
    return (await this.checkDetailed(input, options)).report;
  }

  /** Checks a photo; resolves to the report, how it was decoded and the time the worker took. */
  checkDetailed(input, options = {}) {
    const { signal, copy = false, original, ...checks } = options ?? {};
    let packed;
    try {
      packed = pack(input, copy);
    } catch (e) {
      return Promise.reject(e);
    }
    const withLang = { ...checks, lang: checks.lang ?? pickLang() };
    return this.#submit({ type: 'check', input: packed.input, options: withLang, original }, packed.transfer, signal);
  }

  /** Checks the front and (optionally) the back of one document; resolves to the PairReport of `validatePair`. */
  checkPair(front, back, options = {}) {
    const { signal, copy = false, documentType, ...checks } = options ?? {};
    let first;
    let second = null;
    try {
      first = pack(front, copy);
      if (back !== undefined && back !== null) second = pack(back, copy);
    } catch (e) {
      return Promise.reject(e);
    }
    const withLang = { ...checks, lang: checks.lang ?? pickLang() };
    const job = { type: 'pair', front: first.input, back: second?.input, documentType, options: withLang };
    const transfer = [...first.transfer, ...(second?.transfer ?? [])];
    return this.#submit(job, transfer, signal).then((r) => r.report);
  }

  /** Checks a form's data against a policy profile, in the worker. */
  checkPolicy(form, profile, options) {
    const withLang = { ...options, lang: options?.lang ?? pickLang() };
    return this.#submit({ type: 'policy', form, profile: profile ?? undefined, options: withLang }, []);
  }

  /** prepareUpload() run in the worker, in the same queue as the checks. */
  prepareUpload(input, options = {}) {
    const { signal, copy = false, ...rest } = options ?? {};
    let packed;
    try {
      packed = pack(input, copy);
    } catch (e) {
      return Promise.reject(e);
    }
    return this.#submit({ type: 'prepare', input: packed.input, options: rest }, packed.transfer, signal);
  }

  /** Stops the worker; calls queued or running reject with code `terminated`, and so do later ones. */
  terminate() {
    if (this.#closed) return;
    this.#fail(coded('terminated', 'the validator was terminated'));
  }

  /** Queues a job; `transfer` lists what postMessage moves instead of copying. */
  #submit(job, transfer, signal) {
    if (this.#closed) return Promise.reject(coded('terminated', 'the validator was terminated'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const entry = { job, transfer, resolve, reject, signal, settled: false, onAbort: null };
      if (signal) {
        entry.onAbort = () => this.#abort(entry);
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.#queue.push(entry);
      this.#next();
    });
  }

  #next() {
    if (this.#running || this.#closed) return;
    const entry = this.#queue.shift();
    if (!entry) return;
    entry.id = this.#nextId++;
    this.#running = entry;
    try {
      this.#worker.postMessage({ id: entry.id, ...entry.job }, entry.transfer);
    } catch (e) {
      // The job could not be sent (for example an option that cannot be cloned).
      this.#running = null;
      settle(entry, e instanceof Error ? coded('invalid-input', e.message) : e, false);
      this.#next();
    }
  }

  #reply(data) {
    const entry = this.#running;
    if (!entry || entry.id !== data.id) return;
    this.#running = null;
    if (data.error) settle(entry, rebuild(data.error), false);
    else settle(entry, data.result, true);
    this.#next();
  }

  /** A queued job is dropped; a running one is rejected now and its result ignored when it comes. */
  #abort(entry) {
    const at = this.#queue.indexOf(entry);
    if (at >= 0) this.#queue.splice(at, 1);
    settle(entry, entry.signal.reason, false);
  }

  #fail(error) {
    this.#closed = true;
    this.#worker.terminate();
    const all = this.#running ? [this.#running, ...this.#queue] : this.#queue;
    this.#running = null;
    this.#queue = [];
    for (const entry of all) settle(entry, error, false);
  }
}

function settle(entry, value, ok) {
  if (entry.settled) return;
  entry.settled = true;
  entry.signal?.removeEventListener('abort', entry.onAbort);
  if (ok) entry.resolve(value);
  else entry.reject(value);
}

/**
 * The input as a job carries it, and what to transfer. Pixel buffers are moved out of the
 * caller's hands at once (structuredClone with transfer detaches them), so that the caller sees
 * the same thing whether the job runs now or waits in the queue; with `copy` they are copied.
 */
function pack(input, copy) {
  if (typeof Blob !== 'undefined' && input instanceof Blob) return { input: { type: 'blob', blob: input }, transfer: [] };
  if (typeof ImageBitmap !== 'undefined' && input instanceof ImageBitmap) {
    if (copy) throw coded('invalid-input', 'an ImageBitmap is always transferred; pass createImageBitmap(bitmap) to keep yours');
    const bitmap = structuredClone(input, { transfer: [input] });
    return { input: { type: 'bitmap', bitmap }, transfer: [bitmap] };
  }
  if (input instanceof ArrayBuffer) return { input: { type: 'bytes', bytes: input.slice(0) }, transfer: [] };
  if (ArrayBuffer.isView(input)) {
    const bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength).slice();
    return { input: { type: 'bytes', bytes: bytes.buffer }, transfer: [] };
  }
  if (input && typeof input === 'object' && ArrayBuffer.isView(input.data)) {
    const { width, height } = input;
    const data = movePixels(input.data, copy);
    return { input: { type: 'pixels', data, width, height }, transfer: [data.buffer] };
  }
  throw coded('invalid-input', 'expected a File, Blob, ImageData, ImageBitmap, {data, width, height}, ArrayBuffer or Uint8Array');
}

/** The pixels in a buffer of their own: the caller's buffer itself (then detached) when it holds only them. */
function movePixels(data, copy) {
  const whole = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength;
  if (!copy && whole) {
    try {
      return structuredClone(data, { transfer: [data.buffer] });
    } catch {
      // not transferable (a SharedArrayBuffer, or a WebAssembly memory): copied below
    }
  }
  return new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength).slice();
}

function coded(code, message) {
  return Object.assign(new Error(message), { code });
}

/** The worker's error data as an Error again, with its `code` (or a DOMException with its name). */
function rebuild({ name, message, code }) {
  if (!code && name && name !== 'Error' && typeof DOMException !== 'undefined') return new DOMException(message, name);
  const e = new Error(message);
  if (code) e.code = code;
  return e;
}
