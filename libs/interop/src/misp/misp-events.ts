import { DomainError, LIMITS, type Scope, type Severity } from '@cirtmesh/contracts';
import { clip, describeJson, lookup, objectOf, quote, textOf } from '../json-values';

/** A document that is not MISP event JSON at all. */
export class MispInvalidError extends DomainError {
  constructor(message: string) {
    super('MISP_INVALID', message, { permanent: true });
  }
}

/** How the import treats events shared with a MISP sharing group (distribution 4). */
export interface MispImportOptions {
  /**
   * A MISP sharing group is local to its instance and has no cirtmesh group of its own, so by
   * default (`skip`) such events are skipped, with a reason that says to name the group. With
   * `caller-named`, the caller says it named the cirtmesh groups (`?groups=`) that the node puts
   * on every draft: such events are then imported with scope global, and the groups alone bound
   * who receives them.
   */
  sharingGroups?: 'skip' | 'caller-named';
}

const EXPECTED = 'expected MISP event JSON: {"Event": {…}}, a list of them, or {"response": […]} as MISP\'s REST search returns';

/** The items of a MISP document, each meant to be one `{"Event": {…}}`; throws when the document has none of MISP's shapes. */
export function mispItems(document: unknown): unknown[] {
  const object = objectOf(document);
  const items = Array.isArray(document) ? document : object && Array.isArray(object.response) ? object.response : undefined;
  // A list is MISP's when something in it is an event; one bad event among good ones is only skipped.
  if (items && (items.length === 0 || items.some((item) => objectOf(objectOf(item)?.Event) !== undefined))) return items;
  if (!items && object && objectOf(object.Event)) return [object];
  throw new MispInvalidError(`${EXPECTED}; got ${describeJson(document)}`);
}

/** What an event is as a whole: its identity and version, and the alert fields it gives directly. */
export interface MispEventHeader {
  uuid: string;
  timestamp: string;
  title: string;
  severity: Severity;
  /** Absent when the event has no distribution (a feed's events): the node's default applies. */
  scope?: Scope;
  /** The event's MISP distribution, which its attributes may narrow but not widen. */
  distribution?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SEVERITY_OF_THREAT_LEVEL: Readonly<Record<string, Severity>> = { '1': 'high', '2': 'medium', '3': 'low', '4': 'low' };
const SCOPE_OF_DISTRIBUTION: Readonly<Record<string, Scope>> = { '0': 'national', '1': 'regional', '2': 'regional', '3': 'global' };

function scopeOf(
  event: Record<string, unknown>,
  distribution: string | undefined,
  options: MispImportOptions,
): { scope?: Scope } | { reason: string } {
  if (distribution === undefined) return {};
  if (distribution === '4') {
    if (options.sharingGroups === 'caller-named') return { scope: 'global' };
    const group = textOf(objectOf(event.SharingGroup)?.name);
    return {
      reason:
        `distribution 4 shares it with ${group === undefined ? 'a MISP sharing group' : `the MISP sharing group ${quote(group)}`}, ` +
        'which no cirtmesh group stands for: import it again naming the cirtmesh group with ?groups=',
    };
  }
  const scope = lookup(SCOPE_OF_DISTRIBUTION, distribution);
  return scope === undefined ? { reason: `distribution ${quote(distribution)} is not one of MISP's 0 to 4` } : { scope };
}

/** The event's header, or why the event cannot be imported. */
export function eventHeader(event: Record<string, unknown>, options: MispImportOptions): MispEventHeader | { reason: string } {
  const uuid = textOf(event.uuid);
  if (uuid === undefined || !UUID.test(uuid)) return { reason: 'the event has no valid uuid' };
  const timestamp = textOf(event.timestamp);
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp))
    return { reason: 'the event has no timestamp (unix seconds), so its version cannot be told' };
  const info = textOf(event.info)?.replace(/\s+/g, ' ');
  if (info === undefined) return { reason: 'the event has no info to make its title' };
  const distribution = textOf(event.distribution);
  const scope = scopeOf(event, distribution, options);
  if ('reason' in scope) return scope;
  return {
    uuid: uuid.toLowerCase(),
    timestamp,
    title: clip(info, LIMITS.titleMax),
    severity: lookup(SEVERITY_OF_THREAT_LEVEL, textOf(event.threat_level_id)) ?? 'low',
    ...scope,
    ...(distribution === undefined ? {} : { distribution }),
  };
}

/** How far each MISP distribution reaches, to compare an attribute's with its event's; 5 (inherit) is the event's. */
const REACH: Readonly<Record<string, number>> = { '0': 0, '4': 1, '1': 2, '2': 2, '3': 3 };

/**
 * Why an attribute (or its object) may not go where its event goes: a narrower distribution than
 * the event's (an event without one counts as community-wide). Undefined when it may.
 */
export function narrowerDistribution(own: string | undefined, eventDistribution: string | undefined): string | undefined {
  const reach = lookup(REACH, own);
  if (reach === undefined || reach >= (lookup(REACH, eventDistribution) ?? 2)) return undefined;
  return `its distribution ${own} is narrower than its event's, so it stays out of the alert`;
}
