import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessDeniedError, AuthenticationError } from '../common/errors';
import { ACCESS_METADATA, AccessRule } from './access.decorator';
import { ApiTokensService } from './api-tokens.service';
import type { AuthenticatedUser } from './authenticated-user';
import { ROLES_BY_LEVEL } from './roles';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * The global guard: every route is closed unless its @Access rule opens it. A public route
 * passes; any other needs a valid bearer token (401 otherwise) and a role its level admits
 * (403 otherwise). A route without a rule is refused to everyone.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: ApiTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Only HTTP is served; a transport added later must bring its own authentication first.
    if (context.getType() !== 'http') throw new AccessDeniedError(`no authentication for ${context.getType()} requests`);
    const rule = this.reflector.get<AccessRule | undefined>(ACCESS_METADATA, context.getHandler());
    if (rule?.level === 'public') return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser }>();
    const header = request.headers.authorization;
    if (!header) throw new AuthenticationError('No API token: send "Authorization: Bearer <token>" (log in at POST /api/auth/login)');
    const match = BEARER.exec(header);
    if (!match) throw new AuthenticationError('The Authorization header must be "Bearer <token>"');
    const user = await this.tokens.authenticate(match[1]);
    request.user = user;
    if (!rule) throw new AccessDeniedError(`${request.method} ${shortPath(request.path)} declares no access rule, so nobody may use it`);
    if (ROLES_BY_LEVEL[rule.level].includes(user.role)) return true;
    if (rule.orSelf && request.params[rule.orSelf] === user.id) return true;
    throw new AccessDeniedError(`The ${user.role} role may not do this: ${request.method} ${shortPath(request.path)} needs ${describe(rule)}`);
  }
}

/** The path as a refusal quotes it: never a long input echoed back (issue 15, item 5). */
function shortPath(path: string): string {
  return path.length > 80 ? `${path.slice(0, 80)}…` : path;
}

function describe(rule: AccessRule): string {
  if (rule.level === 'public') return 'nothing';
  const roles = ROLES_BY_LEVEL[rule.level].join(' or ');
  return rule.orSelf ? `the role ${roles}, or to be the user in the path` : `the role ${roles}`;
}
