/**
 * Limits before work (issue 15, item 6). A request body is read only after its sender is known:
 *
 * - without a bearer token (the public login, or a request the guard will refuse anyway) at most
 *   PUBLIC_BODY_LIMIT is read: a 40 MB "password" is refused with 413 before it is parsed;
 * - with a bearer token, the token is checked first — an unknown, revoked or expired one is
 *   answered 401 without reading the body — and then up to AUTHENTICATED_BODY_LIMIT
 *   (a 50,000-line journal batch) is read.
 *
 * A Content-Length beyond the limit is refused before a byte is read; a chunked body is cut off
 * at the limit. The guard still decides what the user may do.
 */
import { json } from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { AuthenticationError } from '../common/errors';
import type { ApiTokensService } from './api-tokens.service';

export const PUBLIC_BODY_LIMIT = '16kb';
export const AUTHENTICATED_BODY_LIMIT = '50mb';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function bodyLimits(tokens: ApiTokensService): RequestHandler {
  const small = json({ limit: PUBLIC_BODY_LIMIT });
  const large = json({ limit: AUTHENTICATED_BODY_LIMIT });
  return (request: Request, response: Response, next: NextFunction) => {
    const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length'] ?? 0) > 0;
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!hasBody || !match) {
      small(request, response, next);
      return;
    }
    tokens.authenticate(match[1]).then(
      () => large(request, response, next),
      (error: unknown) => {
        // Not reading the body: the connection closes after the answer instead of draining it.
        response.setHeader('Connection', 'close');
        next(error instanceof AuthenticationError ? error : new AuthenticationError('The API token is not valid'));
      },
    );
  };
}
