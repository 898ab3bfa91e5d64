import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { AccessLevel } from './roles';

export const ACCESS_METADATA = 'costclose:access';

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
