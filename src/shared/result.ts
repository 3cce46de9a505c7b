/** Errors cross process boundaries as data: thrown errors lose everything but their message. */
export type ApiErrorCode = 'invalid-argument' | 'not-found' | 'unsupported' | 'io' | 'format' | 'internal';

export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(code: ApiErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
