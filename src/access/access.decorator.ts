import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AccessLevel } from './roles';

export const ACCESS_METADATA = 'costclose:access';
/** On a controller: its routes are console pages, authenticated by the session cookie (issue 14). */
export const CONSOLE_METADATA = 'costclose:console';
/** On a console route that takes a file upload: the CSRF token is checked once the form is read. */
export const CSRF_AFTER_UPLOAD_METADATA = 'costclose:csrf-after-upload';

export interface AccessRule {
  level: AccessLevel;
  /**
   * A route parameter naming a user: that user may use the route too, whatever the level says
   * (a user manages their own API tokens; an admin manages everyone's).
   */
  orSelf?: string;
}

/**
 * Who may call a route. Every route must carry one: the guard refuses a route without it (403)
 * and the application refuses to start with one (see RouteAccessCheck).
 */
export function Access(level: AccessLevel, options: { orSelf?: string } = {}): MethodDecorator {
  const rule: AccessRule = { level, ...options };
  if (level === 'public') return applyDecorators(SetMetadata(ACCESS_METADATA, rule));
  return applyDecorators(
    SetMetadata(ACCESS_METADATA, rule),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No valid API token (missing, unknown, revoked or expired, or the user is disabled)' }),
    ApiForbiddenResponse({ description: `The user's role may not do this (level ${level}${options.orSelf ? ', or the user themselves' : ''})` }),
  );
}

/** Marks a controller's routes as console pages: session cookie and CSRF token instead of a bearer token. */
export const ConsolePages = (): ClassDecorator => SetMetadata(CONSOLE_METADATA, true);

/** A console route taking multipart form data: its CSRF token is checked after the upload is read (within its limit). */
export const CsrfAfterUpload = (): MethodDecorator => SetMetadata(CSRF_AFTER_UPLOAD_METADATA, true);
