import { ChallengeOnUnauthorized, mayShow, Principal, RequireRole, visibleTo, type TokenEntry } from '@cirtmesh/http';
import { AlertFormats } from '@cirtmesh/node-core';
import { Controller, Get, Header, NotFoundException, Param } from '@nestjs/common';

const EVENT_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.json$/;

/**
 * A MISP feed of the alerts this token may read, for a MISP instance to add as a feed of type
 * "MISP Feed" with an Authorization header: `manifest.json`, one `<event uuid>.json` per alert, `hashes.csv`.
 */
@Controller('feeds/misp')
@ChallengeOnUnauthorized()
@RequireRole('read')
export class FeedsController {
  constructor(private readonly formats: AlertFormats) {}

  @Get('manifest.json')
  manifest(@Principal() principal?: TokenEntry): Promise<Record<string, unknown>> {
    return this.formats.mispManifest(visibleTo(principal));
  }

  @Get('hashes.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  hashes(@Principal() principal?: TokenEntry): Promise<string> {
    return this.formats.mispHashes(visibleTo(principal));
  }

  @Get(':file')
  async event(@Param('file') file: string, @Principal() principal?: TokenEntry): Promise<unknown> {
    const uuid = EVENT_FILE.exec(file)?.[1];
    const record = uuid === undefined ? undefined : await this.formats.recordOfEvent(uuid);
    if (!record || !mayShow(principal, record.alert.tlp)) throw new NotFoundException(`no event ${file} in this feed`);
    return this.formats.mispEvent(record);
  }
}
