/** The formats prepareUpload can write. */
export type UploadFormat = 'jpeg' | 'webp' | 'png';

/** Every field is optional; an unknown field throws an `invalid-options` error. */
export interface PrepareOptions {
  /** Largest output in bytes. Default 10 MiB, the file check's default limit. */
  maxBytes?: number;
  /** Largest long side in pixels (the image is never enlarged). Default 4096. */
  maxSide?: number;
  /** Default 'jpeg'. */
  format?: UploadFormat;
  /** First quality tried, in (0, 1]. Default 0.92, the browsers' own JPEG default. Ignored for PNG. */
  quality?: number;
  /** Lowest quality used before the image is made smaller. Default 0.7 (the compression check warns below 70). */
  minQuality?: number;
  /** Aborting rejects with `signal.reason` before the next encoding. */
  signal?: AbortSignal;
}

export interface PreparedUpload {
  /** The re-encoded image: upright, with no EXIF, GPS, XMP, IPTC or comment. */
  blob: Blob;
  /** SHA-256 of the blob's bytes, 64 lower-case hex digits, for the server to verify what arrived. */
  sha256: string;
  width: number;
  height: number;
  /** The blob's size in bytes, at most `maxBytes`. */
  bytes: number;
  format: UploadFormat;
  /** The encoder quality used; null for PNG. */
  quality: number | null;
  /** How many encodings the search took. */
  encodes: number;
}

/** RGBA pixels with their size; an `ImageData` is one. */
export interface PrepareRgba { data: Uint8ClampedArray | Uint8Array; width: number; height: number }
export type PrepareInput = Blob | ImageData | ImageBitmap | PrepareRgba | ArrayBuffer | Uint8Array;

export type PrepareErrorCode =
  | 'empty' | 'corrupt' | 'unsupported-format' | 'buffer-size' | 'invalid-input' | 'invalid-options'
  | 'cannot-fit' | 'insecure-context';
/** Thrown by prepareUpload: a real `Error` with a stable `code`. */
export interface PrepareError extends Error { code: PrepareErrorCode }

/** The defaults of every option. */
export const PREPARE_DEFAULTS: Readonly<Required<Omit<PrepareOptions, 'signal'>>>;

/**
 * Re-encodes a photo for upload: EXIF orientation applied, every other piece of metadata left
 * behind, downscaled only as far as needed to fit `maxBytes`, with the SHA-256 of the result.
 * Runs in the calling thread; `Validator.prepareUpload` runs the same in the worker.
 * @throws {PrepareError}
 */
export function prepareUpload(input: PrepareInput, options?: PrepareOptions): Promise<PreparedUpload>;
