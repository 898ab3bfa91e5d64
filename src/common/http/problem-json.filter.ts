import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AuthenticationError, CostcloseError, ErrorDetail, TooManyRequestsError } from '../errors';

interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: ErrorDetail[];
}

/**
 * Every error leaves the API as application/problem+json (RFC 9457), with the line and field of
 * each problem where there is one. Unexpected errors are logged and answered without internals.
 */
@Catch()
export class ProblemJsonFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const problem = this.toProblem(exception);
    // RFC 6750: a 401 names the scheme the client should authenticate with.
    if (exception instanceof AuthenticationError) response.setHeader('WWW-Authenticate', 'Bearer realm="costclose"');
    if (exception instanceof TooManyRequestsError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDocument {
    if (exception instanceof CostcloseError) {
      return {
        type: `urn:costclose:problem:${exception.type}`,
        title: titleOf(exception.status),
        status: exception.status,
        detail: exception.message,
        errors: exception.details,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const messages = typeof body === 'object' && body && 'message' in body ? (body as { message: unknown }).message : exception.message;
      const errors = (Array.isArray(messages) ? messages : [messages]).map((m) => ({ message: String(m) }));
      return { type: `urn:costclose:problem:http-${status}`, title: titleOf(status), status, detail: errors.map((e) => e.message).join('; '), errors };
    }
    const bodyParserProblem = fromBodyParser(exception);
    if (bodyParserProblem) return bodyParserProblem;
    if (isDataException(exception)) {
      // A safety net: the edges check lengths, ranges and NUL characters, naming the field; a
      // value they missed is still the client's, and gets a 422 without the database's words.
      this.logger.warn(`refused a value the database cannot store: ${(exception as Error).message}`);
      return {
        type: 'urn:costclose:problem:validation-error',
        title: titleOf(422),
        status: 422,
        detail: 'A value in the request cannot be stored: it is too long, out of range or not valid for its field.',
      };
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return { type: 'urn:costclose:problem:internal', title: titleOf(500), status: 500, detail: 'An unexpected error occurred; it has been logged.' };
  }
}

const BODY_PARSER_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON.',
  'entity.too.large': 'The request body is larger than this route accepts.',
  'entity.verify.failed': 'The request body was refused.',
  'encoding.unsupported': 'The request body has an encoding this service does not read.',
  'charset.unsupported': 'The request body has a character set this service does not read (send UTF-8).',
  'request.aborted': 'The request was aborted before its body was read.',
  'request.size.invalid': 'The request body is not as long as its Content-Length says.',
  'parameters.too.many': 'The request has too many parameters.',
};

/**
 * Errors of the JSON body parser (http-errors with a `type`): their own 4xx status, our own words
 * — the parser's message may quote the body, and a refusal never echoes it (issue 15, item 5).
 */
function fromBodyParser(exception: unknown): ProblemDocument | null {
  if (!exception || typeof exception !== 'object') return null;
  const e = exception as { status?: unknown; type?: unknown };
  if (typeof e.status !== 'number' || e.status < 400 || e.status > 499 || typeof e.type !== 'string') return null;
  const detail = BODY_PARSER_MESSAGES[e.type] ?? 'The request body cannot be read.';
  return { type: `urn:costclose:problem:http-${e.status}`, title: titleOf(e.status), status: e.status, detail, errors: [{ message: detail }] };
}

/** PostgreSQL's class 22, data exception: value too long, out of range, invalid text, NUL. */
function isDataException(exception: unknown): boolean {
  const code = (exception as { code?: unknown } | null)?.code;
  // pg's DatabaseError and MikroORM's DriverException both carry the SQLSTATE as `code`.
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

function titleOf(status: number): string {
  return (
    HttpStatus[status]
      ?.toString()
      .replace(/_/g, ' ')
      .toLowerCase()
      .replace(/^./, (c) => c.toUpperCase()) ?? 'Error'
  );
}
