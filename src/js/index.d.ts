import type {
  DocumentType, ErrorCode, Lang, Options, PairReport, PolicyForm, PolicyOptions, PolicyProfile, PolicyReport, RgbaImage, Report,
} from './kyc_preflight.js';
import type { PrepareInput, PrepareOptions, PreparedUpload } from './prepare.js';

export type {
  BlurOptions, CheckId, ColorOptions, CompressionOptions, Corner, CropOptions, DocumentType, EditedOptions,
  ErrorCode, ExposureOptions, FileOptions, Finding, GlareOptions, Kind, Lang, LocateOptions, Options, PairReport, PhotoInput, Point,
  PolicyError, PolicyErrorCode, PolicyField, PolicyForm, PolicyOptions, PolicyProfile, PolicyReport, PolicyRule,
  PolicyRuleId, PreflightError, Quad, Rect, Region, Report, RgbaImage, ScreenshotOptions, Verdict,
} from './kyc_preflight.js';
export type {
  PrepareError, PrepareErrorCode, PrepareInput, PrepareOptions, PrepareRgba, PreparedUpload, UploadFormat,
} from './prepare.js';
export { PREPARE_DEFAULTS, prepareUpload } from './prepare.js';

/** Where the worker script and the wasm are; by default beside this module. */
export interface ValidatorOptions {
  workerUrl?: string | URL;
  wasmUrl?: string | URL;
}

/** What `check` takes: an encoded file (decoded in the worker) or pixels. */
export type CheckInput = Blob | ImageData | ImageBitmap | RgbaImage | ArrayBuffer | Uint8Array;

/** The checks' options, plus what the worker layer adds. */
export interface CheckOptions extends Options {
  /** Aborting rejects the call with `signal.reason` (an `AbortError` by default); a queued call never runs. */
  signal?: AbortSignal;
  /**
   * Pixels (ImageData, `{data, width, height}`) are transferred to the worker by default: the
   * caller's buffer is detached (length 0) as soon as `check` returns. `copy: true` copies
   * instead. An ImageBitmap is always transferred (closed for the caller).
   */
  copy?: boolean;
  /** With pixels: the encoded file they came from, so that the file's own checks run too. */
  original?: Blob | ArrayBuffer | Uint8Array;
}

/** `checkPair`'s options: the checks' options, the document type, and the worker layer's. */
export interface PairOptions extends Omit<CheckOptions, 'original'> {
  documentType?: DocumentType | null;
}

/** Who decoded the input: the browser, the wasm's own decoder (when the browser could not), or nobody (pixels). */
export type Decoder = 'browser' | 'kyc-preflight' | 'none';

export interface CheckResult {
  report: Report;
  decoder: Decoder;
  /** Time in the worker, decoding included, in milliseconds. */
  ms: number;
}

export type ValidatorErrorCode = ErrorCode | 'worker' | 'terminated';
/**
 * How a call of a Validator fails: an `Error` with a stable `code` (the wasm's codes; `worker`
 * when the worker could not start or died; `terminated` after `terminate()`), or the signal's
 * reason when aborted.
 */
export interface ValidatorError extends Error { code: ValidatorErrorCode }

export interface Validator {
  /** Calls waiting or running in the worker; an aborted call counts until the worker is done with it. */
  readonly pending: number;
  /**
   * Checks a photo in the worker: the same Report as `validateImageData`/`validateBytes`.
   * Calls run one at a time, in order.
   * @throws {ValidatorError}
   */
  check(input: CheckInput, options?: CheckOptions): Promise<Report>;
  /** As `check`, with how the input was decoded and the time taken. */
  checkDetailed(input: CheckInput, options?: CheckOptions): Promise<CheckResult>;
  /**
   * The front and (optionally) the back of one document, in the worker: each photo checked as
   * `check` does, and the pair: the same picture twice, the same side twice, or a back missing
   * where `documentType` needs one (every type but `passport`). The same PairReport as `validatePair`.
   * @throws {ValidatorError}
   */
  checkPair(front: CheckInput, back?: CheckInput | null, options?: PairOptions): Promise<PairReport>;
  /** `checkPolicy` in the worker. */
  checkPolicy(form: PolicyForm, profile?: PolicyProfile | null, options?: PolicyOptions | null): Promise<PolicyReport>;
  /** `prepareUpload` in the worker, in the same queue. Pixels are transferred as in `check`. */
  prepareUpload(input: PrepareInput, options?: PrepareOptions & { copy?: boolean }): Promise<PreparedUpload>;
  /** Stops the worker. Calls waiting or running, and every later call, reject with code `terminated`. */
  terminate(): void;
}

/**
 * The first of `tags` (default: `navigator.languages`) that the messages exist in: 'zh-Hant' for
 * Chinese in traditional script (zh-Hant, zh-TW, zh-HK, zh-MO), 'zh-Hans' for other Chinese, 'en'
 * otherwise. `check` and `checkPolicy` use it when no `lang` is given.
 */
export function pickLang(tags?: readonly string[]): Lang;

/**
 * Starts one Web Worker running the wasm; resolves once it is ready.
 * @throws {ValidatorError} code `worker` when the worker or the wasm cannot be loaded.
 */
export function createValidator(options?: ValidatorOptions): Promise<Validator>;
