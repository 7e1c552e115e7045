/** One problem with one field of a request: `path` is a JSON path such as `items[3].ratings.nps`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** Base of Koe's error hierarchy; `status` is the HTTP status the one error middleware maps it to. */
export abstract class KoeError extends Error {
  abstract readonly status: number;
}

/** The caller sent something wrong; `issues` names every offending field. */
export class ValidationError extends KoeError {
  override readonly name = 'ValidationError';
  readonly status = 400;
  constructor(
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

/** The body is too large, or holds too many items. */
export class PayloadTooLargeError extends KoeError {
  override readonly name = 'PayloadTooLargeError';
  readonly status = 413;
}

/** The body is not in a media type the route accepts. */
export class UnsupportedMediaTypeError extends KoeError {
  override readonly name = 'UnsupportedMediaTypeError';
  readonly status = 415;
}

/** The thing asked for does not exist (or the caller may not know that it does). */
export class NotFoundError extends KoeError {
  override readonly name = 'NotFoundError';
  readonly status = 404;
}

/** The request conflicts with the current state (a concurrent change, a bad transition). */
export class ConflictError extends KoeError {
  override readonly name = 'ConflictError';
  readonly status = 409;
}

/** No credentials, or credentials that do not check out (bad key, bad signature). */
export class UnauthorizedError extends KoeError {
  override readonly name = 'UnauthorizedError';
  readonly status = 401;
}

/** Valid credentials without the scope the route needs. */
export class ForbiddenError extends KoeError {
  override readonly name = 'ForbiddenError';
  readonly status = 403;
}

/** A dependency (DynamoDB, SQS, Comprehend, SES) failed; the caller may retry. */
export class DependencyError extends KoeError {
  override readonly name = 'DependencyError';
  readonly status = 503;
  constructor(
    readonly dependency: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} is unavailable; nothing was stored, retry later`, options);
  }
}

/**
 * The store refused a request that no retry can fix (a malformed key, an item over the size limit,
 * an expression it rejects): Koe's bug, answered 500 with the cause logged — never "retry later".
 */
export class StoreRejectedError extends KoeError {
  override readonly name = 'StoreRejectedError';
  readonly status = 500;
  constructor(
    readonly dependency: string,
    options?: { cause?: unknown },
  ) {
    super(`${dependency} refused the request`, options);
  }
}
