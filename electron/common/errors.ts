/**
 * Typed errors that cross the API boundary. Both transports turn any thrown
 * ApiError into `{ ok: false, error: { code, message } }`; anything else
 * becomes `internal` without a stack trace, so the renderer never sees
 * server internals.
 */
export const ERROR_CODES = [
  'invalid_input',
  'not_found',
  'conflict',
  'unsupported',
  'io',
  'catalogue',
  'cancelled',
  'unauthorized',
  'forbidden',
  /** Too many attempts (sign-in); details.retryAfterSeconds says when to try again. */
  'rate_limited',
  'unknown_call',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** Values a translated message is filled in with. */
export type MessageParams = Record<string, string | number>;

export interface ApiErrorShape {
  code: ErrorCode;
  /** English: what the CLI, logs and an untranslated message show. */
  message: string;
  details?: unknown;
  /**
   * The same message for the interface to show in the user's language: a key
   * of the renderer's `apiErrors` translations and its values. Absent where
   * no translation exists yet; the English message is shown then.
   */
  messageKey?: string;
  params?: MessageParams;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  messageKey?: string;
  params?: MessageParams;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
  /** Name the translation of this message (see ApiErrorShape.messageKey); returns the error, for `throw new ApiError(…).translated(…)`. */
  translated(messageKey: string, params: MessageParams = {}): this {
    this.messageKey = messageKey;
    this.params = params;
    return this;
  }
  toJSON(): ApiErrorShape {
    return {
      code: this.code,
      message: this.message,
      ...(this.details === undefined ? {} : { details: this.details }),
      ...(this.messageKey === undefined ? {} : { messageKey: this.messageKey, params: this.params ?? {} }),
    };
  }
}

export function isApiErrorShape(v: unknown): v is ApiErrorShape {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ApiErrorShape).code === 'string' &&
    typeof (v as ApiErrorShape).message === 'string'
  );
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/**
 * The process is stopping mid-run with the run's work on the job queue (serve's
 * SIGTERM): the run is cut off, as by a crash, not cancelled or failed. Its
 * record is left running (an import's reads as interrupted) and its batches
 * stay in Redis, so the next start reconciles and continues it.
 */
export class RunCutOff extends Error {
  constructor(message = 'the server closed its queue connection; the run continues when the server starts again') {
    super(message);
    this.name = 'RunCutOff';
  }
}
