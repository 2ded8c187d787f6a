import type { Tlp } from '@cirtmesh/contracts';
import type { Skipped } from '@cirtmesh/interop';
import { AlertsCollection, type CollectionPage, type ListedObject } from './collection';
import { badRequest, forbidden, notFound } from './errors';
import { parseTaxiiQuery } from './query';
import {
  apiRoot,
  collectionResources,
  discovery,
  STIX_MEDIA,
  StatusStore,
  type CollectionIds,
  type StatusDetail,
  type TaxiiStatus,
} from './resources';
import { ceilingRank } from './timeline';
import { formatMicros } from './timestamps';

/** Who is asking: what their token may do and see. */
export interface TaxiiCaller {
  /** The token's name: statuses are shown to the token that posted. */
  name: string;
  read: boolean;
  submit: boolean;
  maxTlp?: Tlp;
}

/** A TAXII answer: the resource, and the date headers when it lists objects. */
export interface TaxiiAnswer {
  body: Record<string, unknown>;
  dateAdded?: { first: string; last: string };
}

/** Imports a posted envelope; `skipped` names the objects that were not imported (by id), and why. */
export type EnvelopeImporter = (envelope: Record<string, unknown>, caller: TaxiiCaller) => Promise<{ skipped: Skipped[] }>;

/**
 * The node's TAXII 2.1 API root (TAXII 2.1 §4, §5), framework-free: discovery, the API root, its
 * two collections (`alerts` to read, `submissions` to write), objects, manifest, object by id,
 * versions, and statuses. The HTTP layer maps its answers and its TaxiiErrors to responses.
 */
export class TaxiiServer {
  private readonly statuses = new StatusStore();

  constructor(
    private readonly nodeId: string,
    private readonly ids: CollectionIds,
    private readonly alerts: AlertsCollection,
    private readonly importEnvelope: EnvelopeImporter,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  discovery(): TaxiiAnswer {
    return { body: discovery(this.nodeId) };
  }

  apiRoot(root: string): TaxiiAnswer {
    this.checkRoot(root);
    return { body: apiRoot(this.nodeId) };
  }

  collections(root: string, caller: TaxiiCaller): TaxiiAnswer {
    this.checkRoot(root);
    return { body: { collections: collectionResources(this.ids, caller) } };
  }

  collection(root: string, id: string, caller: TaxiiCaller): TaxiiAnswer {
    this.checkRoot(root);
    const found = collectionResources(this.ids, caller).find((c) => c.id === id);
    if (!found) throw notFound(`no collection ${id}`);
    return { body: found };
  }

  async objects(root: string, id: string, raw: Record<string, unknown>, caller: TaxiiCaller): Promise<TaxiiAnswer> {
    const page = await this.page(root, id, raw, caller);
    return listing(page.items, { more: page.more, next: page.next }, 'objects', (item) => item.object);
  }

  async manifest(root: string, id: string, raw: Record<string, unknown>, caller: TaxiiCaller): Promise<TaxiiAnswer> {
    const page = await this.page(root, id, raw, caller);
    return listing(page.items, { more: page.more, next: page.next }, 'objects', manifestRecord);
  }

  /** One object's versions (each object has one); 404 for an object this caller may not see, as for one that does not exist. */
  async object(root: string, id: string, objectId: string, raw: Record<string, unknown>, caller: TaxiiCaller): Promise<TaxiiAnswer> {
    const query = parseTaxiiQuery(raw, ['version', 'spec_version']);
    const items = await this.readable(root, id, caller).objectById(objectId, query, ceilingRank(caller.maxTlp));
    if (items.length === 0) throw notFound(`no object ${objectId} in this collection`);
    return listing(items.slice(0, query.limit), { more: false }, 'objects', (item) => item.object);
  }

  async versions(root: string, id: string, objectId: string, raw: Record<string, unknown>, caller: TaxiiCaller): Promise<TaxiiAnswer> {
    const answer = await this.object(root, id, objectId, raw, caller);
    const objects = (answer.body.objects ?? []) as Array<{ modified?: string; created?: string }>;
    const versions = objects.map((o) => o.modified ?? o.created ?? '');
    return { body: { more: answer.body.more, ...(versions.length > 0 ? { versions } : {}) }, dateAdded: answer.dateAdded };
  }

  /** POST objects: only to `submissions`, with the submit role; the import is done when this answers. */
  async add(root: string, id: string, envelope: unknown, caller: TaxiiCaller): Promise<TaxiiStatus> {
    this.checkRoot(root);
    if (id === this.ids.alerts) throw forbidden('the alerts collection cannot be written: post to the submissions collection');
    if (id !== this.ids.submissions) throw notFound(`no collection ${id}`);
    if (!caller.submit) throw forbidden('this token may not submit');
    if (
      typeof envelope !== 'object' ||
      envelope === null ||
      Array.isArray(envelope) ||
      !Array.isArray((envelope as { objects?: unknown }).objects)
    ) {
      throw badRequest('the body must be a TAXII envelope: {"objects": [...]}');
    }
    const requestedAt = this.clock();
    const { skipped } = await this.importEnvelope(envelope as Record<string, unknown>, caller);
    const { successes, failures } = outcomesOf((envelope as { objects: unknown[] }).objects, skipped);
    return this.statuses.record(caller.name, requestedAt, successes, failures);
  }

  status(root: string, statusId: string, caller: TaxiiCaller): TaxiiAnswer {
    this.checkRoot(root);
    return { body: { ...this.statuses.get(statusId, caller.name) } };
  }

  /** DELETE an object: alerts are immutable and the collections hold nothing to delete. */
  deleteObject(root: string, id: string, caller: TaxiiCaller): never {
    this.checkRoot(root);
    if (id === this.ids.alerts && caller.read) throw forbidden('alerts are immutable: nothing can be deleted from this collection');
    throw notFound(`no collection ${id}`);
  }

  /** A page for this reader: its next token is good at this node, for this token, with this query only. */
  private page(root: string, id: string, raw: Record<string, unknown>, caller: TaxiiCaller): Promise<CollectionPage> {
    const query = parseTaxiiQuery(raw, ['id', 'type', 'version', 'spec_version']);
    return this.readable(root, id, caller).page(query, ceilingRank(caller.maxTlp), `${this.nodeId}/${caller.name}`);
  }

  private readable(root: string, id: string, caller: TaxiiCaller): AlertsCollection {
    this.checkRoot(root);
    if (id === this.ids.submissions) throw forbidden('the submissions collection cannot be read');
    if (id !== this.ids.alerts) throw notFound(`no collection ${id}`);
    if (!caller.read) throw forbidden('this token may not read');
    return this.alerts;
  }

  private checkRoot(root: string): void {
    if (root !== this.nodeId) throw notFound(`no API root ${root}: this node's is /taxii2/${this.nodeId}/`);
  }
}

function manifestRecord(item: ListedObject): Record<string, unknown> {
  return {
    id: item.object.id,
    date_added: formatMicros(item.addedUs),
    version: item.object.modified ?? item.object.created,
    media_type: STIX_MEDIA,
  };
}

/** An envelope or manifest page; empty lists are left out (TAXII 2.1 §2), and the date headers come from this page. */
function listing(
  items: ListedObject[],
  paging: { more: boolean; next?: string },
  key: string,
  map: (item: ListedObject) => unknown,
): TaxiiAnswer {
  if (items.length === 0) return { body: paging.more ? { more: true, next: paging.next } : {} };
  const body: Record<string, unknown> = { more: paging.more, ...(paging.next ? { next: paging.next } : {}), [key]: items.map(map) };
  return { body, dateAdded: { first: formatMicros(items[0].addedUs), last: formatMicros(items[items.length - 1].addedUs) } };
}

/** Each posted object succeeded unless the import named it as skipped (a duplicate is no failure: TAXII 2.1 §5.4). */
function outcomesOf(objects: unknown[], skipped: Skipped[]): { successes: StatusDetail[]; failures: StatusDetail[] } {
  const why = new Map(skipped.filter((s) => !s.reason.startsWith('duplicate')).map((s) => [s.what, s.reason]));
  // What a refused report refers to was not imported either: it fails with the report.
  for (const object of objects) {
    const o = object as { id?: unknown; object_refs?: unknown } | null;
    const id = typeof o?.id === 'string' ? o.id : undefined;
    const reason = id === undefined ? undefined : why.get(id);
    if (id !== undefined && reason && Array.isArray(o?.object_refs)) {
      for (const ref of o.object_refs) if (typeof ref === 'string' && !why.has(ref)) why.set(ref, `part of ${id}: ${reason}`);
    }
  }
  const successes: StatusDetail[] = [];
  const failures: StatusDetail[] = [];
  objects.forEach((object, n) => {
    const o = (typeof object === 'object' && object !== null ? object : {}) as { id?: unknown; modified?: unknown; created?: unknown };
    const id = typeof o.id === 'string' ? o.id : `objects[${n}]`;
    const version = typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : '';
    const reason = why.get(id) ?? why.get(`objects[${n}]`);
    if (reason) failures.push({ id, version, message: reason });
    else successes.push({ id, version });
  });
  return { successes, failures };
}
