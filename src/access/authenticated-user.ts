import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { RequestUser } from '../common/http/current-user.decorator';
import type { Role } from './roles';

/** What the guard puts on `request.user` once a bearer token checks out. */
export interface AuthenticatedUser extends RequestUser {
  role: Role;
  /** The token the request came with (so that a user can see which of theirs is in use). */
  tokenId: string;
}

/** The authenticated user with role and token, for routes that need more than the id. */
export const CurrentAuth = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthenticatedUser => {
  const request = ctx.switchToHttp().getRequest<{ user?: AuthenticatedUser }>();
  if (!request.user) throw new Error('no authenticated user on the request: is the route public?');
  return request.user;
});
