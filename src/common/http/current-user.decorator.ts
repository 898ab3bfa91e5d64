import { createParamDecorator, ExecutionContext } from '@nestjs/common';

export interface RequestUser {
  id: string;
}

/**
 * The user a request acts as: the owner of its bearer token, put on the request by the access
 * guard (src/access/access.guard.ts). Postings validate against that user's User Setup.
 */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<{ user?: RequestUser }>();
  if (!request.user) throw new Error('no user on the request: the route is public, so it has no user');
  return request.user.id;
});
