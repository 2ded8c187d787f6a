import { CanActivate, ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { allows, type Role, type TokenEntry, type TokenRegistry } from './tokens';

const PUBLIC = 'cirtmesh:public';
const ROLE = 'cirtmesh:role';
/** Marks a route as open without a token. Only health is. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);
/** The role a route needs; routes without one need `admin`. */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(ROLE, role);

export interface AuthenticatedRequest extends Request {
  principal?: TokenEntry;
}

/**
 * Requires `Authorization: Bearer <token>` on every route not marked @Public: 401 without a valid
 * token, 403 when the token lacks the route's role.
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
    const match = /^Bearer\s+(\S{1,512})$/i.exec(request.headers.authorization ?? '');
    const principal = match ? this.tokens.authenticate(match[1]) : undefined;
    if (!principal) throw new UnauthorizedException('a valid bearer token is required');
    const role = this.reflector.getAllAndOverride<Role | undefined>(ROLE, targets) ?? 'admin';
    if (!allows(principal, role)) throw new ForbiddenException(`token ${principal.name} lacks the ${role} role`);
    request.principal = principal;
    return true;
  }
}
