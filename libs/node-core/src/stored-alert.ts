import { plainAlert, type Alert, type Direction, type StoredAlert } from '@cirtmesh/contracts';
import type { Provenance } from '@cirtmesh/crypto';

/** The archive's record of an alert at a position of the node's log. */
export function storedAlert(
  seq: number,
  direction: Direction,
  storedAt: string,
  via: string[],
  alert: Alert,
  provenance?: Provenance,
  traceparent?: string,
): StoredAlert {
  const record: StoredAlert = { seq, direction, storedAt, via, alert: plainAlert(alert) };
  if (traceparent) record.traceparent = traceparent;
  if (provenance) record.provenance = provenance;
  if (direction === 'received' && alert.tlp === 'AMBER+STRICT') record.handling = 'organisation-only';
  return record;
}
