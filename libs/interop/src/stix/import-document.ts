import { DomainError } from '@cirtmesh/contracts';
import type { Skipped } from '../draft';
import { compareTimestamps, timestampProblem } from './timestamps';

/** A document that is neither a STIX bundle nor a TAXII envelope: nothing in it can be imported. */
export class StixInvalidError extends DomainError {
  constructor(message: string) {
    super('STIX_INVALID', message, { permanent: true });
  }
}

/** A STIX object as read: any JSON object with a string `type` and `id`. */
export type StixJson = Record<string, unknown> & { type: string; id: string };

const EXPECTED = 'expected a STIX 2.1 bundle {"type": "bundle", "objects": [...]} or a TAXII envelope {"objects": [...]}';
const ENVELOPE_KEYS = new Set(['more', 'next', 'objects']);

/**
 * The objects of a STIX bundle or a TAXII envelope (`more` and `next` ignored), the latest version
 * of each id once, in the order they first appear; what is not an object is skipped. A bundle
 * without `objects`, or an empty envelope (`{}`, as TAXII answers when nothing matches), has none.
 * Anything else throws StixInvalidError.
 */
export function readStixDocument(document: unknown): { objects: StixJson[]; skipped: Skipped[] } {
  const objects = documentObjects(document);
  const latest = new Map<string, StixJson>();
  const skipped: Skipped[] = [];
  objects.forEach((object, n) => {
    if (!isStixJson(object)) {
      skipped.push({ what: `objects[${n}]`, reason: 'not a STIX object: a JSON object with a string type and id' });
      return;
    }
    const known = latest.get(object.id);
    if (!known || compareVersions(object, known) > 0) latest.set(object.id, object);
  });
  return { objects: [...latest.values()], skipped };
}

function documentObjects(document: unknown): unknown[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new StixInvalidError(
      `${EXPECTED}, got ${document === null ? 'null' : Array.isArray(document) ? 'an array' : `a ${typeof document}`}`,
    );
  }
  const record = document as Record<string, unknown>;
  const { type, objects } = record;
  if (type !== undefined && type !== 'bundle') {
    throw new StixInvalidError(`${EXPECTED}, got a single ${JSON.stringify(type)} object: put it in a bundle`);
  }
  if (Array.isArray(objects)) return objects;
  const emptyEnvelope = type === undefined && Object.keys(record).every((key) => ENVELOPE_KEYS.has(key));
  if (objects === undefined && (type === 'bundle' || emptyEnvelope)) return [];
  throw new StixInvalidError(`${EXPECTED}, got an object whose objects is ${objects === undefined ? 'missing' : 'not a list'}`);
}

function isStixJson(value: unknown): value is StixJson {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { type, id } = value as Record<string, unknown>;
  return typeof type === 'string' && typeof id === 'string';
}

/** The version of an object: `modified`, else `created` (markings are not versioned); else none. */
export function versionOf(object: StixJson): string | undefined {
  const version = object.modified ?? object.created;
  return typeof version === 'string' && !timestampProblem(version, false) ? version : undefined;
}

function compareVersions(a: StixJson, b: StixJson): number {
  const [x, y] = [versionOf(a), versionOf(b)];
  if (x === undefined || y === undefined) return x === undefined ? -1 : 1;
  return compareTimestamps(x, y);
}
