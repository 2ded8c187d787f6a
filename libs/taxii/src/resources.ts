import { randomUUID } from 'node:crypto';
import { notFound } from './errors';
import { formatMicros } from './timestamps';

/** The one TAXII media type (TAXII 2.1 §1.6.8); every response carries it, errors included. */
export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
export const STIX_MEDIA = 'application/stix+json;version=2.1';
/** The largest POST body an API root takes, as it says in `max_content_length`. */
export const MAX_CONTENT_LENGTH = 10 * 1024 * 1024;

export const apiRootPath = (nodeId: string): string => `/taxii2/${nodeId}/`;

/** `GET /taxii2/`: one API root, the node's own. */
export function discovery(nodeId: string): Record<string, unknown> {
  return {
    title: `cirtmesh node ${nodeId}`,
    description: `TAXII 2.1 server of the national CIRT node ${nodeId} of a cirtmesh federation`,
    default: apiRootPath(nodeId),
    api_roots: [apiRootPath(nodeId)],
  };
}

/** `GET {root}/` */
export function apiRoot(nodeId: string): Record<string, unknown> {
  return {
    title: `cirtmesh node ${nodeId}`,
    description: 'Alerts this node holds, as STIX 2.1, and a collection to submit alerts to',
    versions: [TAXII_MEDIA],
    max_content_length: MAX_CONTENT_LENGTH,
  };
}

/** The node's two collections; their ids are random UUIDv4s made once and kept. */
export interface CollectionIds {
  alerts: string;
  submissions: string;
}

/** Collection resources as this caller may use them: `can_read` and `can_write` follow its roles. */
export function collectionResources(ids: CollectionIds, rights: { read: boolean; submit: boolean }): Array<Record<string, unknown>> {
  return [
    {
      id: ids.alerts,
      title: 'alerts',
      alias: 'alerts',
      description: 'Every alert this node holds, sent and received, as STIX 2.1 reports, indicators and vulnerabilities',
      can_read: rights.read,
      can_write: false,
      media_types: [STIX_MEDIA],
    },
    {
      id: ids.submissions,
      title: 'submissions',
      alias: 'submissions',
      description: "POST STIX 2.1 here: each report becomes one of this node's alerts, sent into the mesh",
      can_read: false,
      can_write: rights.submit,
      media_types: [STIX_MEDIA],
    },
  ];
}

export interface StatusDetail {
  id: string;
  version: string;
  message?: string;
}

/** A status resource (TAXII 2.1 §4.3.1): imports are done at once, so it is `complete` when made. */
export interface TaxiiStatus {
  id: string;
  status: 'complete' | 'pending';
  request_timestamp: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes?: StatusDetail[];
  failures?: StatusDetail[];
}

const KEEP_MS = 24 * 60 * 60 * 1000;
const KEEP_AT_MOST = 10_000;

/** Statuses of POSTs, kept a day (TAXII 2.1 §4.3: at least 24 h after completion), and for the token that posted them. */
export class StatusStore {
  private readonly statuses = new Map<string, { status: TaxiiStatus; owner: string; until: number }>();

  constructor(private readonly clock: () => Date = () => new Date()) {}

  record(owner: string, requestedAt: Date, successes: StatusDetail[], failures: StatusDetail[]): TaxiiStatus {
    this.expire();
    const status: TaxiiStatus = {
      id: randomUUID(),
      status: 'complete',
      request_timestamp: formatMicros(requestedAt.getTime() * 1000),
      total_count: successes.length + failures.length,
      success_count: successes.length,
      failure_count: failures.length,
      pending_count: 0,
      ...(successes.length > 0 ? { successes } : {}),
      ...(failures.length > 0 ? { failures } : {}),
    };
    this.statuses.set(status.id, { status, owner, until: this.clock().getTime() + KEEP_MS });
    return status;
  }

  /** A status, for the token that posted it only: anyone else gets the same 404 as for an unknown id. */
  get(id: string, owner: string): TaxiiStatus {
    this.expire();
    const held = this.statuses.get(id);
    if (!held || held.owner !== owner) throw notFound(`no status ${id}`);
    return held.status;
  }

  private expire(): void {
    const now = this.clock().getTime();
    for (const [id, held] of this.statuses) if (held.until < now) this.statuses.delete(id);
    while (this.statuses.size >= KEEP_AT_MOST) this.statuses.delete(this.statuses.keys().next().value!);
  }
}
