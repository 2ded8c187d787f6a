import { CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';

const PUBLIC = 'cirtmesh:public';
/** Marks a route as open without a token. Only health is. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC, true);

export const API_TOKEN = Symbol('API_TOKEN');

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Requires `Authorization: Bearer <token>` on every route not marked @Public. */
@Injectable()
export class BearerGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(
    private readonly reflector: Reflector,
    token: string,
  ) {
    this.expected = digest(token);
  }

  canActivate(context: ExecutionContext): boolean {
    // Message handlers are authorised by the broker's permissions, not by HTTP tokens.
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !timingSafeEqual(digest(match[1]), this.expected)) {
      throw new UnauthorizedException('a valid bearer token is required');
    }
    return true;
  }
}
