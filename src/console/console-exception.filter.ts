import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Injectable, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ConsoleSignInRequired } from '../access/console-errors';
import { CostcloseError, TooManyRequestsError } from '../common/errors';
import { ConsolePage, ConsoleRequest } from './console-page';

/**
 * Errors on console pages answer as pages, not problem+json: without a session the sign-in page
 * (a redirect that comes back to the page asked for), a refusal as a 403 page saying what the
 * role may not do, and so on. htmx requests get the status and a fragment, or HX-Redirect.
 */
@Catch()
@Injectable()
export class ConsoleExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Console');

  constructor(private readonly page: ConsolePage) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<ConsoleRequest>();
    const response = host.switchToHttp().getResponse<Response>();
    const htmx = request.headers['hx-request'] === 'true';
    if (exception instanceof ConsoleSignInRequired) {
      const next = request.method === 'GET' && !htmx ? request.originalUrl : '/';
      const target = `/sign-in?next=${encodeURIComponent(next)}`;
      if (htmx) response.status(401).setHeader('HX-Redirect', target).end();
      else response.redirect(303, target);
      return;
    }
    let status = 500;
    let message: string;
    let details: { field?: string; message: string }[] = [];
    if (exception instanceof CostcloseError) {
      status = exception.status;
      message = exception.message;
      details = exception.details ?? [];
      if (exception instanceof TooManyRequestsError) response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      message = exception.message;
    } else if (exception && typeof exception === 'object' && 'type' in exception && (exception as { type: string }).type === 'entity.too.large') {
      status = 413;
      message = 'The form is larger than this page accepts.';
    } else {
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
      message = 'An unexpected error occurred; it has been logged.';
    }
    const html = this.page.render(request, 'error', { title: `error.${status}`, status, message, details, fragment: htmx });
    response.status(status).type('text/html; charset=utf-8').send(html);
  }
}
