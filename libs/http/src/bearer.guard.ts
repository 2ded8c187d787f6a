import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { allows, type Role, type TokenEntry, type TokenRegistry } from './tokens';

const PUBLIC = 'cirtmesh:public';
const CHALLENGE = 'cirtmesh:challenge';
const ROLE = 'cirtmesh:role';
/** Marks a route as open without a token. Only health is. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);
/** The role a route needs (any one of them, when several); routes without one need `admin`. */
export const RequireRole = (...roles: [Role, ...Role[]]): MethodDecorator & ClassDecorator => SetMetadata(ROLE, roles);

export interface AuthenticatedRequest extends Request {
  principal?: TokenEntry;
}

/** The token the request was authorised with, for the routes that show it only what it may see. */
export const Principal = createParamDecorator(
  (_data: unknown, context: ExecutionContext): TokenEntry | undefined =>
    context.switchToHttp().getRequest<AuthenticatedRequest>().principal,
);

/** What a client is told to answer a 401 with: a bearer token, or Basic with the token as the password (TAXII clients). */
export const AUTH_CHALLENGE = 'Bearer realm="cirtmesh", Basic realm="cirtmesh"';

/**
 * Routes for machine clients (TAXII, feeds) answer a 401 with a WWW-Authenticate challenge. The
 * API the web console calls does not: a Basic challenge would make the browser ask for a password.
 */
export const ChallengeOnUnauthorized = (): MethodDecorator & ClassDecorator => SetMetadata(CHALLENGE, true);

/** The token a request presents: `Authorization: Bearer <token>`, or HTTP Basic with the token as the password (any user name). */
export function presentedToken(authorization: string | undefined): string | undefined {
  const bearer = /^Bearer\s+(\S{1,512})$/i.exec(authorization ?? '');
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(authorization ?? '');
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  return password.length > 0 && password.length <= 512 ? password : undefined;
}

/**
 * Requires a token (see presentedToken) on every route not marked @Public: 401 with the challenge
 * without a valid token, 403 when the token lacks the route's role.
 */
@Injectable()
export class BearerGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenRegistry,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // Message handlers are authorised by the broker's permissions, not by HTTP tokens.
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = presentedToken(request.headers.authorization);
    const principal = presented === undefined ? undefined : this.tokens.authenticate(presented);
    if (!principal) {
      if (this.reflector.getAllAndOverride<boolean>(CHALLENGE, targets)) {
        context.switchToHttp().getResponse<Response>().setHeader('www-authenticate', AUTH_CHALLENGE);
      }
      throw new UnauthorizedException('a valid bearer token is required');
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLE, targets) ?? ['admin'];
    if (!roles.some((role) => allows(principal, role)))
      throw new ForbiddenException(`token ${principal.name} lacks the ${roles.join(' or ')} role`);
    request.principal = principal;
    return true;
  }
}
