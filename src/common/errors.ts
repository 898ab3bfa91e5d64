/**
 * Errors the product raises on purpose. They carry what a user needs to fix the input (the line
 * and the field), and the HTTP layer turns them into application/problem+json. They never wrap a
 * half-done write: whoever throws one does so before anything is persisted, or inside the
 * transaction that the throw rolls back.
 */
export interface ErrorDetail {
  /** One-based number of the journal line (or request item) the problem is on: "line 700". */
  line?: number;
  /** The input field, as named in the API (e.g. `postingDate`, `appliesTo`). */
  field?: string;
  message: string;
}

export abstract class CostcloseError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  readonly details: ErrorDetail[];

  constructor(message: string, details: ErrorDetail[] = []) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Input that can never be posted as given (unknown item, quantity 0, bad decimal, …). */
export class ValidationError extends CostcloseError {
  readonly status = 422;
  readonly type = 'validation-error';

  static at(line: number | undefined, field: string | undefined, message: string): ValidationError {
    return new ValidationError(describe(line, field, message), [{ line, field, message }]);
  }

  static of(details: ErrorDetail[]): ValidationError {
    const first = details[0];
    const head = describe(first.line, first.field, first.message);
    const more = details.length > 1 ? ` (and ${details.length - 1} more problem${details.length > 2 ? 's' : ''})` : '';
    return new ValidationError(head + more, details);
  }
}

/** Valid input the ledgers refuse now: a closed period, a posting date out of range, … */
export class PostingRefusedError extends CostcloseError {
  readonly status = 409;
  readonly type = 'posting-refused';

  static at(line: number | undefined, field: string | undefined, message: string): PostingRefusedError {
    return new PostingRefusedError(describe(line, field, message), [{ line, field, message }]);
  }
}

export class NotFoundError extends CostcloseError {
  readonly status = 404;
  readonly type = 'not-found';
}

export class ConflictError extends CostcloseError {
  readonly status = 409;
  readonly type = 'conflict';
}

/** No valid credentials: no token, an unknown, revoked or expired one, a disabled user. */
export class AuthenticationError extends CostcloseError {
  readonly status = 401;
  readonly type = 'unauthenticated';
}

/** Valid credentials, but the user's role may not do this. */
export class AccessDeniedError extends CostcloseError {
  readonly status = 403;
  readonly type = 'forbidden';
}

/** Too many attempts: the client may try again after `retryAfterSeconds` (Retry-After). */
export class TooManyRequestsError extends CostcloseError {
  readonly status = 429;
  readonly type = 'too-many-requests';

  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

function describe(line: number | undefined, field: string | undefined, message: string): string {
  const where = [line !== undefined ? `line ${line}` : null, field ? `field ${field}` : null].filter(Boolean).join(', ');
  return where ? `${where}: ${message}` : message;
}
