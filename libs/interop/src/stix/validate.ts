import { isStixId } from './ids';
import { parseStixPattern } from './pattern-parser';
import { compareTimestamps, timestampProblem } from './timestamps';
import { isTlp2Marking, tlpOfMarkingId } from './tlp';
import { REQUIRED_PROPERTIES, TIMESTAMP_ORDER, TIMESTAMP_PROPERTIES } from './validate-rules';

type Json = Record<string, unknown>;

/**
 * What is wrong with a STIX 2.1 bundle, one line a problem (none: it passes). Written from the
 * spec, it checks the rules that JSON schemas miss as well as theirs: the bundle's shape, each
 * object's id (`<type>--<uuid v1-5>`), common and type-specific required properties, timestamps
 * (millisecond `created`/`modified`, `modified >= created`, `valid_until > valid_from`), that
 * lists are not empty, that every `*_ref(s)` resolves within the bundle, the syntax of STIX
 * patterns, and that TLP markings are exactly the predefined TLP 2.0 or TLP 1.0 objects.
 */
export function checkStixBundle(document: unknown): string[] {
  if (!isObject(document)) return ['the document is not a JSON object'];
  const problems: string[] = [];
  if (document.type !== 'bundle') problems.push('the type is not "bundle"');
  if (!isStixId(document.id, 'bundle')) problems.push(`the id ${JSON.stringify(document.id)} is not bundle--<uuid>`);
  if ('spec_version' in document) problems.push('a STIX 2.1 bundle has no spec_version');
  const objects = document.objects;
  if (objects === undefined) return problems;
  if (!Array.isArray(objects) || objects.length === 0) return [...problems, 'objects is not a list of one or more objects'];
  const ids = new Set(objects.map((o) => (isObject(o) ? o.id : undefined)));
  const versions = new Set<string>();
  objects.forEach((object, n) => {
    const name = `objects[${n}]${isObject(object) && typeof object.id === 'string' ? ` (${object.id})` : ''}`;
    const own = isObject(object) ? checkObject(object, ids) : ['is not a JSON object'];
    if (isObject(object)) {
      const version = `${String(object.id)}@${String(object.modified ?? object.created)}`;
      if (versions.has(version)) own.push('repeats an object version that is already in the bundle');
      versions.add(version);
    }
    problems.push(...own.map((problem) => `${name}: ${problem}`));
  });
  return problems;
}

function checkObject(object: Json, ids: Set<unknown>): string[] {
  const type = typeof object.type === 'string' ? object.type : '';
  const problems: string[] = [];
  if (!isStixId(object.id, type)) problems.push(`the id ${JSON.stringify(object.id)} is not ${type || '<type>'}--<uuid of version 1 to 5>`);
  if (type in REQUIRED_PROPERTIES) problems.push(...checkVersioned(object), ...missing(object, REQUIRED_PROPERTIES[type]));
  if (type === 'marking-definition') problems.push(...checkMarking(object));
  problems.push(...checkTimestamps(object, type), ...checkLists(object), ...checkRefs(object, ids));
  if (type === 'indicator' && object.pattern_type === 'stix' && typeof object.pattern === 'string') {
    const parsed = parseStixPattern(object.pattern);
    if (!parsed.ok) problems.push(`the pattern is not valid: ${parsed.error}`);
  }
  return problems;
}

function checkVersioned(object: Json): string[] {
  const problems = object.spec_version === '2.1' ? [] : ['spec_version is not "2.1"'];
  const created = timestampProblem(object.created, true);
  const modified = timestampProblem(object.modified, true);
  if (created || modified) return [...problems, ...[created, modified].filter(isString).map((p) => `created/modified: ${p}`)];
  if (compareTimestamps(object.modified as string, object.created as string) < 0) problems.push('modified is before created');
  return problems;
}

function checkMarking(marking: Json): string[] {
  const problems = marking.spec_version === '2.1' ? [] : ['spec_version is not "2.1"'];
  const created = timestampProblem(marking.created, true);
  if (created) problems.push(`created: ${created}`);
  if ('modified' in marking) problems.push('a marking definition cannot be versioned: it has no modified');
  const known = typeof marking.id === 'string' ? tlpOfMarkingId(marking.id) : undefined;
  const tlp1 = marking.definition_type === 'tlp';
  if (known && !tlp1 && !isTlp2Marking(marking)) problems.push(`is not exactly the TLP 2.0 marking TLP:${known}`);
  if (tlp1 && !isTlp1Marking(marking)) problems.push('is not one of the predefined TLP 1.0 markings');
  if (!('extensions' in marking) && !('definition_type' in marking && 'definition' in marking)) {
    problems.push('has neither extensions nor definition_type and definition');
  }
  return problems;
}

function isTlp1Marking(marking: Json): boolean {
  const known = typeof marking.id === 'string' ? tlpOfMarkingId(marking.id) : undefined;
  const level = isObject(marking.definition) ? marking.definition.tlp : undefined;
  const expected = known === 'CLEAR' ? 'white' : known?.toLowerCase();
  return known !== undefined && level === expected && marking.created === '2017-01-20T00:00:00.000Z';
}

function missing(object: Json, properties: string[]): string[] {
  return properties.filter((p) => object[p] === undefined || object[p] === '').map((p) => `the required property ${p} is missing`);
}

function checkTimestamps(object: Json, type: string): string[] {
  const problems = TIMESTAMP_PROPERTIES.filter((p) => p in object).flatMap((p) => {
    const problem = timestampProblem(object[p], false);
    return problem ? [`${p}: ${problem}`] : [];
  });
  for (const { from, to, strict } of TIMESTAMP_ORDER.filter((order) => order.type === type)) {
    const [a, b] = [object[from], object[to]];
    if (typeof a !== 'string' || typeof b !== 'string' || timestampProblem(a, false) || timestampProblem(b, false)) continue;
    const order = compareTimestamps(b, a);
    if (order < 0 || (strict && order === 0)) problems.push(`${to} must be ${strict ? 'later than' : 'no earlier than'} ${from}`);
  }
  return problems;
}

/** STIX §2.8: empty lists are prohibited. */
function checkLists(object: Json): string[] {
  return Object.entries(object)
    .filter(([, value]) => Array.isArray(value) && value.length === 0)
    .map(([key]) => `${key} is an empty list`);
}

function checkRefs(object: Json, ids: Set<unknown>): string[] {
  const refs: Array<[string, unknown]> = [];
  for (const [key, value] of Object.entries(object)) {
    if (key.endsWith('_ref')) refs.push([key, value]);
    if (key.endsWith('_refs')) refs.push(...(Array.isArray(value) ? value : [value]).map((v): [string, unknown] => [key, v]));
  }
  if (Array.isArray(object.granular_markings)) {
    refs.push(...object.granular_markings.map((g): [string, unknown] => ['granular_markings', isObject(g) ? g.marking_ref : g]));
  }
  return refs.flatMap(([key, ref]) => {
    if (!isStixId(ref)) return [`${key}: ${JSON.stringify(ref)} is not an id`];
    return ids.has(ref) ? [] : [`${key}: ${ref} is not in the bundle`];
  });
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isString(value: string | undefined): value is string {
  return value !== undefined;
}
