import { checkIndicatorValue, LIMITS, type IndicatorType } from '@cirtmesh/contracts';
import type { DraftIndicator } from './draft';
import { quote } from './json-values';

/**
 * A value as cirtmesh writes it for its type: trimmed; domains, hashes lower-cased (a domain
 * without its final dot); CVE and AS ids upper-cased. Two spellings of one indicator become one.
 */
export function normaliseValue(type: IndicatorType, value: string): string {
  const trimmed = value.trim();
  switch (type) {
    case 'domain':
      return trimmed.toLowerCase().replace(/\.$/, '');
    case 'md5':
    case 'sha1':
    case 'sha256':
      return trimmed.toLowerCase();
    case 'cve':
    case 'asn':
      return trimmed.toUpperCase();
    case 'ipv4':
    case 'ipv6':
    case 'cidr':
    case 'url':
    case 'email':
      return trimmed;
  }
}

/** An IP address or block as its indicator: cidr when it has a `/`, else ipv4 when it is one, else ipv6. */
export function ipIndicator(value: string): DraftIndicator {
  const trimmed = value.trim();
  if (trimmed.includes('/')) return { type: 'cidr', value: trimmed };
  return { type: checkIndicatorValue('ipv4', trimmed).ok ? 'ipv4' : 'ipv6', value: trimmed };
}

/** The indicator if its value is valid for its type (normalised), else why not. */
export function checkedIndicator(type: IndicatorType, value: string): { indicator: DraftIndicator } | { reason: string } {
  const normalised = normaliseValue(type, value);
  if (normalised.length > LIMITS.indicatorValueMax) return { reason: `the value is longer than ${LIMITS.indicatorValueMax} characters` };
  const check = checkIndicatorValue(type, normalised);
  return check.ok ? { indicator: { type, value: normalised } } : { reason: `${quote(normalised)} is not ${check.expected}` };
}

/**
 * The indicators of one draft: each checked against the alert contract, each kept once (by type
 * and value, any case), and no more than the contract holds. `add` says why an invalid value was
 * not kept; one already there is no problem, and those beyond the bound are only counted, so that
 * one line can say how many were left out.
 */
export class IndicatorList {
  readonly items: DraftIndicator[] = [];
  /** Valid indicators left out because the list was full. */
  overflow = 0;
  private readonly seen = new Set<string>();

  constructor(private readonly max: number = LIMITS.indicatorsMax) {}

  /** Adds the indicator; returns why not when its value is invalid. */
  add(type: IndicatorType, value: string): string | undefined {
    const checked = checkedIndicator(type, value);
    if ('reason' in checked) return checked.reason;
    const key = `${type}:${checked.indicator.value.toLowerCase()}`;
    if (this.seen.has(key)) return undefined;
    this.seen.add(key);
    if (this.items.length < this.max) this.items.push(checked.indicator);
    else this.overflow += 1;
    return undefined;
  }

  /** What was left out for the bound, in words, if anything was. */
  overflowReason(): string | undefined {
    return this.overflow > 0 ? `${this.overflow} more indicators left out: an alert holds at most ${this.max}` : undefined;
  }
}
