import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** Who is calling, as proven by the access token. */
export interface AuthUser {
  id: string;
  username: string;
}

export type AuthenticatedRequest = { user?: AuthUser };

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('CurrentUser used on a public route');
  return user;
});
