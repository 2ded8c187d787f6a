import { MeshHeaders } from '@cirtmesh/contracts';
import { activeTraceparent } from '@cirtmesh/telemetry';
import { RequireRole } from '@cirtmesh/http';
import { draftsFromMisp, draftsFromStix, reportsFromArf, reportsFromXarf, type Skipped } from '@cirtmesh/interop';
import { ImportAlerts, ReportIntake, type ImportedAlert, type OpenCampaign } from '@cirtmesh/node-core';
import { Body, Controller, Headers, HttpCode, Post, Query, UnsupportedMediaTypeException } from '@nestjs/common';
import { importOptions, ImportQueryDto } from './import-query.dto';

/** What every import answers. */
export interface ImportAnswer {
  alerts: ImportedAlert[];
  campaigns: OpenCampaign[];
  skipped: Skipped[];
}

function requireType(contentType: string | undefined, wanted: string[]): void {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (!wanted.includes(type))
    throw new UnsupportedMediaTypeException(`send the document as ${wanted.join(' or ')}, not ${type || 'nothing'}`);
}

/**
 * The node's doors for other formats: STIX 2.1 bundles, MISP events, X-ARF and ARF reports.
 * Each makes this node's own alerts (reports fold into campaigns first) and answers 202 with what
 * it made and what it skipped, and why. Something that is not the format it claims is a 400 or
 * 415 that stores nothing.
 */
@Controller('api/v1/import')
@RequireRole('submit')
export class ImportController {
  constructor(
    private readonly imports: ImportAlerts,
    private readonly intake: ReportIntake,
  ) {}

  @Post('stix')
  @HttpCode(202)
  async stix(
    @Body() body: unknown,
    @Query() query: ImportQueryDto,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<ImportAnswer> {
    requireType(headers['content-type'], ['application/json', 'application/stix+json']);
    const outcome = await this.imports.execute(
      draftsFromStix(body),
      importOptions(query, activeTraceparent() ?? headers[MeshHeaders.traceparent]),
    );
    return { ...outcome, campaigns: [] };
  }

  @Post('misp')
  @HttpCode(202)
  async misp(
    @Body() body: unknown,
    @Query() query: ImportQueryDto,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<ImportAnswer> {
    requireType(headers['content-type'], ['application/json']);
    const found = draftsFromMisp(body, { sharingGroups: query.groups ? 'caller-named' : 'skip' });
    const outcome = await this.imports.execute(found, importOptions(query, activeTraceparent() ?? headers[MeshHeaders.traceparent]));
    return { ...outcome, campaigns: [] };
  }

  @Post('xarf')
  @HttpCode(202)
  async xarf(
    @Body() body: unknown,
    @Query() query: ImportQueryDto,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<ImportAnswer> {
    requireType(headers['content-type'], ['application/json']);
    // The campaign's alert links its trace to each request that brought its reports.
    const options = importOptions(query, activeTraceparent() ?? headers[MeshHeaders.traceparent]);
    return { alerts: [], ...(await this.intake.accept(reportsFromXarf(body, new Date()), options)) };
  }

  @Post('arf')
  @HttpCode(202)
  async arf(
    @Body() body: unknown,
    @Query() query: ImportQueryDto,
    @Headers() headers: Record<string, string | undefined>,
  ): Promise<ImportAnswer> {
    requireType(headers['content-type'], ['message/rfc822']);
    if (!Buffer.isBuffer(body)) throw new UnsupportedMediaTypeException('send the report message as message/rfc822');
    const options = importOptions(query, activeTraceparent() ?? headers[MeshHeaders.traceparent]);
    return { alerts: [], ...(await this.intake.accept(await reportsFromArf(body, new Date()), options)) };
  }
}
