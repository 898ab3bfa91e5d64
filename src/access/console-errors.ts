import { AccessDeniedError, AuthenticationError } from '../common/errors';

/** A console page asked for without a signed-in session: the console answers with the sign-in page. */
export class ConsoleSignInRequired extends AuthenticationError {
  constructor() {
    super('Sign in to use the console');
  }
}

/** A console form without its session's CSRF token (403). */
export class CsrfRefusedError extends AccessDeniedError {
  constructor() {
    super("The form was refused: it did not carry this session's CSRF token (reload the page and try again)");
  }
}
