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
  'unknown_call',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiErrorShape {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }
  toJSON(): ApiErrorShape {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
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
