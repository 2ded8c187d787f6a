import type { Category, Direction, IndicatorType, Scope, Severity, Tlp } from '@cirtmesh/contracts';

/**
 * The alert contract's closed vocabularies, for the console's menus. The contract's own lists sit
 * beside its validators, which the browser does not load, so the console spells them out again;
 * `everyOne` makes the type check fail as soon as the two differ by one value either way.
 */
function everyOne<Union extends string>() {
  return <const List extends readonly Union[]>(list: [Exclude<Union, List[number]>] extends [never] ? List : never): List => list;
}

export const SEVERITIES = everyOne<Severity>()(['low', 'medium', 'high', 'critical']);
/** TLP 2.0, from widest to narrowest. */
export const TLPS = everyOne<Tlp>()(['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED']);
export const SCOPES = everyOne<Scope>()(['national', 'regional', 'global']);
export const DIRECTIONS = everyOne<Direction>()(['received', 'sent']);
export const CATEGORIES = everyOne<Category>()([
  'malware',
  'phishing',
  'spam',
  'ddos',
  'intrusion',
  'vulnerability',
  'scanning',
  'botnet',
  'data-leak',
  'fraud',
  'other',
]);
export const INDICATOR_TYPES = everyOne<IndicatorType>()([
  'ipv4',
  'ipv6',
  'cidr',
  'domain',
  'url',
  'email',
  'md5',
  'sha1',
  'sha256',
  'cve',
  'asn',
]);

export type { Category, Direction, IndicatorType, Scope, Severity, Tlp };
