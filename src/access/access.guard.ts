import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AccessDeniedError, AuthenticationError } from '../common/errors';
import { ACCESS_METADATA, AccessRule, CONSOLE_METADATA, CSRF_AFTER_UPLOAD_METADATA } from './access.decorator';
import { ConsoleSession, ConsoleSessions } from './console-sessions';
import { ConsoleSignInRequired, CsrfRefusedError } from './console-errors';
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
    const request = context.switchToHttp().getRequest<Request & { user?: AuthenticatedUser; consoleSession?: ConsoleSession | null }>();
    // Console pages (issue 14) authenticate by their session cookie, never by a bearer token, and
    // every form they take carries the session's CSRF token; the roles are the API's.
    if (this.reflector.get<boolean | undefined>(CONSOLE_METADATA, context.getClass())) return this.consoleAccess(context, request, rule);
    if (rule?.level === 'public') return true;
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

  private consoleAccess(
    context: ExecutionContext,
    request: Request & { user?: AuthenticatedUser; consoleSession?: ConsoleSession | null },
    rule: AccessRule | undefined,
  ): boolean {
    const session = request.consoleSession ?? null;
    const unsafe = !['GET', 'HEAD'].includes(request.method);
    if (unsafe && !this.reflector.get<boolean | undefined>(CSRF_AFTER_UPLOAD_METADATA, context.getHandler())) {
      checkConsoleCsrf(session, (request.body as Record<string, unknown> | undefined)?._csrf ?? request.headers['x-csrf-token']);
    }
    if (rule?.level === 'public') return true;
    if (!session?.userId || !session.role) throw new ConsoleSignInRequired();
    request.user = { id: session.userId, role: session.role, tokenId: '' };
    if (!rule) throw new AccessDeniedError(`${request.method} ${shortPath(request.path)} declares no access rule, so nobody may use it`);
    if (ROLES_BY_LEVEL[rule.level].includes(session.role)) return true;
    if (rule.orSelf && request.params[rule.orSelf] === session.userId) return true;
    throw new AccessDeniedError(`The ${session.role} role may not do this: ${request.method} ${shortPath(request.path)} needs ${describe(rule)}`);
  }
}

/** A console form without its session's CSRF token is refused (403) before anything runs. */
export function checkConsoleCsrf(session: ConsoleSession | null, presented: unknown): void {
  if (!session || !ConsoleSessions.csrfMatches(session, presented)) throw new CsrfRefusedError();
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
