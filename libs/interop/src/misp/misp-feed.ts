import { createHash } from 'node:crypto';
import type { MispAttribute, MispEvent, MispEventDocument } from './misp-json';

/** The value of one event in a feed's `manifest.json`, whose keys are event uuids; consumers read it to choose what to fetch. */
export type MispManifestEntry = Pick<MispEvent, 'info' | 'Orgc' | 'Tag' | 'date' | 'analysis' | 'threat_level_id' | 'timestamp'>;

function eventOf(event: MispEventDocument | MispEvent): MispEvent {
  return 'Event' in event ? event.Event : event;
}

/** The manifest entry of an event (PyMISP `MISPEvent.manifest`): `manifest[event.uuid] = mispManifestEntry(event)`. */
export function mispManifestEntry(event: MispEventDocument | MispEvent): MispManifestEntry {
  const { info, Orgc, Tag, date, analysis, threat_level_id, timestamp } = eventOf(event);
  return { info, Orgc, Tag, date, analysis, threat_level_id, timestamp };
}

/**
 * The lines of an event in a feed's `hashes.csv` (PyMISP `feed_meta_generator`): one
 * `<md5 hex of the UTF-8 value>,<event uuid>` per attribute value, of the event and of its
 * objects, a composite type's value (`filename|md5`) giving one line per part. No header line.
 */
export function mispHashesCsvLines(event: MispEventDocument | MispEvent): string[] {
  const inner = eventOf(event);
  const attributes: MispAttribute[] = [...inner.Attribute, ...(inner.Object ?? []).flatMap((object) => object.Attribute)];
  return attributes.flatMap((attribute) => {
    const parts = attribute.type.includes('|') ? attribute.value.split('|') : [attribute.value];
    return parts.map((part) => `${createHash('md5').update(part, 'utf8').digest('hex')},${inner.uuid}`);
  });
}
