import type { IndicatorType } from '@cirtmesh/contracts';
import type { DraftIndicator } from '../draft';
import { ipIndicator } from '../indicator-list';
import { lookup, quote } from '../json-values';

/** What one part of a MISP value is: an indicator type, an IP (ipv4, ipv6 or cidr by its form), or nothing to keep (a port, a file name). */
type Part = IndicatorType | 'ip' | null;

/**
 * MISP attribute types that hold indicators, and what each part of the value is. A composite
 * type `a|b` has its value split on the first `|`. Other types (sha512, ssdeep, filename,
 * regkey, …) have no cirtmesh indicator type.
 */
const PARTS: Readonly<Record<string, readonly Part[]>> = {
  'ip-src': ['ip'],
  'ip-dst': ['ip'],
  'ip-src|port': ['ip', null],
  'ip-dst|port': ['ip', null],
  domain: ['domain'],
  hostname: ['domain'],
  'domain|ip': ['domain', 'ip'],
  'hostname|port': ['domain', null],
  url: ['url'],
  uri: ['url'],
  email: ['email'],
  'email-src': ['email'],
  'email-dst': ['email'],
  'email-reply-to': ['email'],
  'whois-registrant-email': ['email'],
  md5: ['md5'],
  sha1: ['sha1'],
  sha256: ['sha256'],
  'filename|md5': [null, 'md5'],
  'filename|sha1': [null, 'sha1'],
  'filename|sha256': [null, 'sha256'],
  vulnerability: ['cve'],
  AS: ['asn'],
};

/** An AS number as cirtmesh writes it: MISP writes `174` (sometimes `AS174`), cirtmesh `AS174`. */
function asnValue(value: string): string {
  const trimmed = value.trim();
  return /^as/i.test(trimmed) ? `AS${trimmed.slice(2)}` : `AS${trimmed}`;
}

function partIndicator(part: Exclude<Part, null>, value: string): DraftIndicator {
  if (part === 'ip') return ipIndicator(value);
  if (part === 'asn') return { type: 'asn', value: asnValue(value) };
  return { type: part, value };
}

/**
 * The indicators (not yet checked) a MISP attribute holds: `unmapped` when its type has no
 * cirtmesh indicator type, a reason when a composite value lacks its `|`.
 */
export function indicatorsOfAttribute(
  type: string,
  value: string,
): { indicators: DraftIndicator[] } | { unmapped: true } | { reason: string } {
  const parts = lookup(PARTS, type);
  if (parts === undefined) return { unmapped: true };
  if (parts.length === 1) return { indicators: [partIndicator(parts[0]!, value)] };
  const bar = value.indexOf('|');
  if (bar < 0) return { reason: `the ${type} value ${quote(value)} has no "|" between its parts` };
  const values = [value.slice(0, bar), value.slice(bar + 1)];
  return { indicators: parts.flatMap((part, index) => (part === null ? [] : [partIndicator(part, values[index])])) };
}
