import { allows, ChallengeOnUnauthorized, Principal, RequireRole, type TokenEntry } from '@cirtmesh/http';
import { checkAccept, checkContentType, TAXII_MEDIA, TaxiiServer, type TaxiiAnswer, type TaxiiCaller } from '@cirtmesh/taxii';
import { Body, Controller, Delete, Get, Headers, Param, Post, Query, Res, UseFilters } from '@nestjs/common';
import type { Response } from 'express';
import { TaxiiErrorsFilter } from './taxii.filter';

function callerOf(principal: TokenEntry | undefined): TaxiiCaller {
  if (!principal) return { name: '', read: false, submit: false };
  return { name: principal.name, read: allows(principal, 'read'), submit: allows(principal, 'submit'), maxTlp: principal.maxTlp };
}

/** Answers with the TAXII media type, and the date headers on a page of objects. */
function send(res: Response, answer: TaxiiAnswer, status = 200): void {
  if (answer.dateAdded) {
    res.setHeader('X-TAXII-Date-Added-First', answer.dateAdded.first);
    res.setHeader('X-TAXII-Date-Added-Last', answer.dateAdded.last);
  }
  res.setHeader('content-type', TAXII_MEDIA);
  res.status(status).end(JSON.stringify(answer.body));
}

/**
 * The node's TAXII 2.1 server (see TaxiiServer): paths with or without their final slash, the
 * node's API tokens as Bearer or as the password of HTTP Basic, TAXII error resources for every failure.
 */
@Controller('taxii2')
@ChallengeOnUnauthorized()
@RequireRole('read', 'submit')
@UseFilters(TaxiiErrorsFilter)
export class TaxiiController {
  constructor(private readonly taxii: TaxiiServer) {}

  @Get()
  discovery(@Headers('accept') accept: string | undefined, @Res() res: Response): void {
    checkAccept(accept);
    send(res, this.taxii.discovery());
  }

  @Get(':root')
  apiRoot(@Param('root') root: string, @Headers('accept') accept: string | undefined, @Res() res: Response): void {
    checkAccept(accept);
    send(res, this.taxii.apiRoot(root));
  }

  @Get(':root/status/:id')
  status(
    @Param('root') root: string,
    @Param('id') id: string,
    @Headers('accept') accept: string | undefined,
    @Principal() p: TokenEntry | undefined,
    @Res() res: Response,
  ): void {
    checkAccept(accept);
    send(res, this.taxii.status(root, id, callerOf(p)));
  }

  @Get(':root/collections')
  collections(
    @Param('root') root: string,
    @Headers('accept') accept: string | undefined,
    @Principal() p: TokenEntry | undefined,
    @Res() res: Response,
  ): void {
    checkAccept(accept);
    send(res, this.taxii.collections(root, callerOf(p)));
  }

  @Get(':root/collections/:id')
  collection(
    @Param('root') root: string,
    @Param('id') id: string,
    @Headers('accept') accept: string | undefined,
    @Principal() p: TokenEntry | undefined,
    @Res() res: Response,
  ): void {
    checkAccept(accept);
    send(res, this.taxii.collection(root, id, callerOf(p)));
  }

  @Get(':root/collections/:id/objects')
  async objects(
    @Param('root') root: string,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Principal() p: TokenEntry | undefined,
    @Res() res: Response,
  ): Promise<void> {
    checkAccept(accept);
    send(res, await this.taxii.objects(root, id, query, callerOf(p)));
  }

  @Post(':root/collections/:id/objects')
  async add(
    @Param('root') root: string,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers() headers: Record<string, string | undefined>,
    @Principal() p: TokenEntry | undefined,
    @Res() res: Response,
  ): Promise<void> {
    checkAccept(headers.accept);
    checkContentType(headers['content-type']);
    send(res, { body: { ...(await this.taxii.add(root, id, body, callerOf(p))) } }, 202);
  }

  @Get(':root/collections/:id/manifest')
  async manifest(
    @Param('root') root: string,
    @Param('id') id: string,
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Principal() p: TokenEntry | undefined,
    @Res() res: Response,
  ): Promise<void> {
    checkAccept(accept);
    send(res, await this.taxii.manifest(root, id, query, callerOf(p)));
  }

  @Get(':root/collections/:id/objects/:objectId')
  async object(
    @Param() params: Record<string, string>,
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Principal() p: TokenEntry | undefined,
    @Res() res: Response,
  ): Promise<void> {
    checkAccept(accept);
    send(res, await this.taxii.object(params.root, params.id, params.objectId, query, callerOf(p)));
  }

  @Delete(':root/collections/:id/objects/:objectId')
  remove(@Param('root') root: string, @Param('id') id: string, @Principal() p: TokenEntry | undefined): void {
    this.taxii.deleteObject(root, id, callerOf(p));
  }

  @Get(':root/collections/:id/objects/:objectId/versions')
  async versions(
    @Param() params: Record<string, string>,
    @Query() query: Record<string, unknown>,
    @Headers('accept') accept: string | undefined,
    @Principal() p: TokenEntry | undefined,
    @Res() res: Response,
  ): Promise<void> {
    checkAccept(accept);
    send(res, await this.taxii.versions(params.root, params.id, params.objectId, query, callerOf(p)));
  }
}
