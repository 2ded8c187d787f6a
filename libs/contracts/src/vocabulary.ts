/** Closed vocabularies of the alert contract v1. */

export const CATEGORIES = [
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
] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** FIRST TLP 2.0 labels, from widest to narrowest. */
export const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLPS)[number];

export const SCOPES = ['national', 'regional', 'global'] as const;
export type Scope = (typeof SCOPES)[number];

export const INDICATOR_TYPES = ['ipv4', 'ipv6', 'cidr', 'domain', 'url', 'email', 'md5', 'sha1', 'sha256', 'cve', 'asn'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];

/** TLP labels that may only go to the parties named on the alert. */
export function isRestrictedTlp(tlp: Tlp): boolean {
  return tlp === 'AMBER' || tlp === 'AMBER+STRICT' || tlp === 'RED';
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Upper bounds that keep one alert small enough for the wire (nats max_payload is 1 MiB). */
export const LIMITS = {
  titleMax: 200,
  descriptionMax: 20_000,
  indicatorsMax: 500,
  indicatorValueMax: 2_048,
  recipientsMax: 100,
  groupsMax: 20,
  sectorsMax: 20,
  sectorMax: 64,
  referencesMax: 20,
  referenceMax: 2_048,
  /** HTTP body limit for one submission. */
  bodyBytes: 512 * 1024,
} as const;
