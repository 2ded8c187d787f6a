import type { Alert, IndicatorType, Severity, StoredAlert } from '@cirtmesh/contracts';
import { derivedUuid } from '../derived-uuid';
import type { DraftIndicator } from '../draft';
import type { MispAttribute, MispEvent, MispEventDocument } from './misp-json';
import { categoryTagName, tlpTagName } from './misp-tags';

/** The node an alert comes from, as the event's creator organisation (`Orgc`). */
export interface MispOrigin {
  id: string;
  name?: string;
}

/** The MISP type of each indicator type, with a category MISP accepts for that type (misp-rfc, attribute categories). */
const ATTRIBUTE_OF: Readonly<Record<IndicatorType, { type: string; category: string }>> = {
  ipv4: { type: 'ip-dst', category: 'Network activity' },
  ipv6: { type: 'ip-dst', category: 'Network activity' },
  cidr: { type: 'ip-dst', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  url: { type: 'url', category: 'Network activity' },
  email: { type: 'email-src', category: 'Payload delivery' },
  md5: { type: 'md5', category: 'Payload delivery' },
  sha1: { type: 'sha1', category: 'Payload delivery' },
  sha256: { type: 'sha256', category: 'Payload delivery' },
  cve: { type: 'vulnerability', category: 'External analysis' },
  asn: { type: 'AS', category: 'Network activity' },
};

const THREAT_LEVEL_OF: Readonly<Record<Severity, MispEvent['threat_level_id']>> = { critical: '1', high: '1', medium: '2', low: '3' };

/**
 * The uuids of an export: MISP wants version 4, and cirtmesh alert ids are version 7, so each is
 * derived (see derivedUuid) from the alert id and what the object is. Exporting an alert again
 * gives the same uuids, and a MISP instance updates its event instead of making a second one.
 */
const uuids = {
  event: (alertId: string) => derivedUuid(`misp:event:${alertId}`),
  attribute: (alertId: string, what: string) => derivedUuid(`misp:attribute:${alertId}:${what}`),
  org: (nodeId: string) => derivedUuid(`misp:org:node:${nodeId}`),
};

function attribute(
  alert: Alert,
  timestamp: string,
  fields: Pick<MispAttribute, 'type' | 'category' | 'value' | 'comment' | 'to_ids'>,
): MispAttribute {
  return {
    uuid: uuids.attribute(alert.id, `${fields.type}:${fields.value}`),
    ...fields,
    timestamp,
    deleted: false,
    disable_correlation: false,
  };
}

function indicatorAttribute(alert: Alert, timestamp: string, indicator: DraftIndicator): MispAttribute {
  const { type, category } = ATTRIBUTE_OF[indicator.type];
  const value = indicator.type === 'asn' ? indicator.value.replace(/^AS/i, '') : indicator.value;
  const comment = `cirtmesh ${indicator.type} indicator of alert ${alert.id}`;
  return attribute(alert, timestamp, { type, category, value, comment, to_ids: true });
}

function attributesOf(alert: Alert, timestamp: string): MispAttribute[] {
  const context = (type: string, category: string, value: string): MispAttribute =>
    attribute(alert, timestamp, { type, category, value, comment: `from cirtmesh alert ${alert.id}`, to_ids: false });
  return [
    ...(alert.indicators ?? []).map((indicator) => indicatorAttribute(alert, timestamp, indicator)),
    ...(alert.description ? [context('text', 'Other', alert.description)] : []),
    ...(alert.references ?? []).map((reference) => context('link', 'External analysis', reference)),
  ];
}

/**
 * An alert as a MISP event in the feed form, as MISP's feed importer reads `<event uuid>.json`:
 * info from the title, date and timestamps from its creation, threat level from its severity
 * (critical and high are 1), the origin node as `Orgc`, one TLP 2.0 tag and its category as
 * `cirtmesh:category="…"`, one `to_ids` attribute per indicator (a cidr as `ip-dst`, an asn as
 * `AS` digits), the description as a `text` attribute and each reference as a `link`.
 *
 * There is no `distribution` (the importing instance sets it), and never the alert's recipients
 * or groups: they are routing data of the mesh. Which alerts go into a feed, and to whom, is the
 * caller's choice: the TLP tag says how the event may be shared.
 */
export function mispEventFor(record: StoredAlert | Alert, origin: MispOrigin): MispEventDocument {
  const alert = 'alert' in record ? record.alert : record;
  const created = new Date(alert.createdAt);
  const timestamp = String(Math.floor(created.getTime() / 1000));
  return {
    Event: {
      uuid: uuids.event(alert.id),
      info: alert.title.replace(/\s+/g, ' '),
      date: created.toISOString().slice(0, 10),
      timestamp,
      publish_timestamp: timestamp,
      published: true,
      analysis: '2',
      threat_level_id: THREAT_LEVEL_OF[alert.severity],
      Orgc: { uuid: uuids.org(origin.id), name: origin.name ?? origin.id },
      Tag: [
        { name: tlpTagName(alert.tlp), exportable: true },
        { name: categoryTagName(alert.category), exportable: true },
      ],
      Attribute: attributesOf(alert, timestamp),
    },
  };
}
