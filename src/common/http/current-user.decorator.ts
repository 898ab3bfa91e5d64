import { createParamDecorator, ExecutionContext } from '@nestjs/common';

export interface RequestUser {
  id: string;
}

/**
 * The user a request acts as, put on the request by the authentication layer (or, where no user
 * is known, by the default-user middleware). Postings validate against that user's User Setup.
 */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const request = ctx.switchToHttp().getRequest<{ user?: RequestUser }>();
  if (!request.user) throw new Error('no user on the request: the default-user middleware is not installed');
  return request.user.id;
});
