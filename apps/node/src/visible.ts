import type { AlertArchive } from '@cirtmesh/archive';
import type { StoredAlert } from '@cirtmesh/contracts';
import { mayShow, type TokenEntry } from '@cirtmesh/http';
import { NotFoundException } from '@nestjs/common';

/**
 * An alert the node holds and may show this token; otherwise 404, the same answer whether the
 * alert is not held or above the token's TLP ceiling, so nothing tells the two apart.
 */
export async function heldFor(archive: AlertArchive, id: string, principal: TokenEntry | undefined): Promise<StoredAlert> {
  const record = await archive.get(id);
  if (!record || !mayShow(principal, record.alert.tlp)) throw new NotFoundException(`alert ${id} is not held by this node`);
  return record;
}
