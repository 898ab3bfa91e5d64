import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { AuthenticationError, CostcloseError, ErrorDetail } from '../errors';

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
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown): ProblemDocument {
    if (exception instanceof CostcloseError) {
      return { type: `urn:costclose:problem:${exception.type}`, title: titleOf(exception.status), status: exception.status, detail: exception.message, errors: exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      const messages = typeof body === 'object' && body && 'message' in body ? (body as { message: unknown }).message : exception.message;
      const errors = (Array.isArray(messages) ? messages : [messages]).map((m) => ({ message: String(m) }));
      return { type: `urn:costclose:problem:http-${status}`, title: titleOf(status), status, detail: errors.map((e) => e.message).join('; '), errors };
    }
    this.logger.error(exception instanceof Error ? exception.stack ?? exception.message : String(exception));
    return { type: 'urn:costclose:problem:internal', title: titleOf(500), status: 500, detail: 'An unexpected error occurred; it has been logged.' };
  }
}

function titleOf(status: number): string {
  return HttpStatus[status]?.toString().replace(/_/g, ' ').toLowerCase().replace(/^./, (c) => c.toUpperCase()) ?? 'Error';
}
