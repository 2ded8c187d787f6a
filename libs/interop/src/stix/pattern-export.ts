import type { IndicatorType } from '@cirtmesh/contracts';

/** The indicator types that become a STIX indicator with a pattern (a `cve` becomes a vulnerability). */
export type PatternIndicatorType = Exclude<IndicatorType, 'cve'>;

const STRING_PATHS: Record<Exclude<PatternIndicatorType, 'cidr' | 'asn'>, string> = {
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  domain: 'domain-name:value',
  url: 'url:value',
  email: 'email-addr:value',
  md5: 'file:hashes.MD5',
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
};

/** A STIX string literal: `\` escaped first, then `'`, quoted with `'`. */
export function stixString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * The STIX 2.1 pattern of one indicator: `[ipv4-addr:value = '192.0.2.7']`, a CIDR block as an
 * ipv4-addr or ipv6-addr value with its prefix, hashes under their `hashes-type` keys, and an AS
 * number as an integer (`AS64496` → `[autonomous-system:number = 64496]`).
 */
export function stixPatternFor(indicator: { type: PatternIndicatorType; value: string }): string {
  const { type, value } = indicator;
  if (type === 'cidr') return `[${value.includes(':') ? 'ipv6-addr' : 'ipv4-addr'}:value = ${stixString(value)}]`;
  if (type === 'asn') return `[autonomous-system:number = ${Number(value.slice(2))}]`;
  return `[${STRING_PATHS[type]} = ${stixString(value)}]`;
}
