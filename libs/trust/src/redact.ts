import { checkIndicatorValue, type Alert, type IndicatorType } from '@cirtmesh/contracts';
import ipaddr from 'ipaddr.js';
import type { Mask } from './policy.schema';
import type { RedactionProfile } from './policy';

/** What a hub changed in an alert for one recipient. Names fields, never values. */
export interface AppliedRedaction {
  field: string;
  action: 'drop' | Mask | 'remove-contains-redacted';
}

function maskValue(type: IndicatorType, value: string, mask: Mask): { type: IndicatorType; value: string } | undefined {
  switch (mask) {
    case 'email-local': {
      const at = value.lastIndexOf('@');
      return { type, value: `${value.slice(0, 1)}***${value.slice(at)}` };
    }
    case 'truncate-24':
      return { type: 'cidr', value: `${ipaddr.IPv4.networkAddressFromCIDR(`${value}/24`).toString()}/24` };
    case 'truncate-48': {
      // The /48 written with its three groups (2001:db8:0::/48), as hubs have always delivered it.
      const groups = ipaddr.IPv6.parse(value).parts.slice(0, 3);
      return { type: 'cidr', value: `${groups.map((group) => group.toString(16)).join(':')}::/48` };
    }
    case 'remove':
      return undefined;
  }
}

function scrub(text: string, secrets: Map<string, string>): string {
  let out = text;
  for (const [secret, replacement] of secrets) if (out.includes(secret)) out = out.split(secret).join(replacement);
  return out;
}

/**
 * Applies a redaction profile to a copy of an alert. Masked and removed values are also scrubbed
 * from every other text of the alert, and an indicator that contained one and no longer fits its
 * type is removed, so that no redacted value appears anywhere in what is delivered.
 */
export function redactAlert(alert: Alert, profile: RedactionProfile): { alert: Alert; applied: AppliedRedaction[] } {
  const copy = JSON.parse(JSON.stringify(alert)) as Alert;
  const applied: AppliedRedaction[] = [];
  for (const field of profile.drop) {
    if (copy[field] !== undefined) {
      delete copy[field];
      applied.push({ field, action: 'drop' });
    }
  }
  const secrets = new Map<string, string>();
  const kept: NonNullable<Alert['indicators']> = [];
  (copy.indicators ?? []).forEach((indicator, i) => {
    const mask = profile.mask[indicator.type];
    if (!mask) {
      kept.push(indicator);
      return;
    }
    const masked = maskValue(indicator.type, indicator.value, mask);
    secrets.set(indicator.value, masked?.value ?? '[redacted]');
    applied.push({ field: `indicators.${i}.value`, action: mask });
    if (masked) kept.push(masked);
  });
  if (secrets.size === 0) return { alert: copy, applied };
  const scrubbed: NonNullable<Alert['indicators']> = [];
  kept.forEach((indicator) => {
    const value = scrub(indicator.value, secrets);
    if (value === indicator.value) scrubbed.push(indicator);
    else if (checkIndicatorValue(indicator.type, value).ok) scrubbed.push({ ...indicator, value });
    else applied.push({ field: `indicators(${indicator.type})`, action: 'remove-contains-redacted' });
  });
  copy.indicators = scrubbed;
  copy.title = scrub(copy.title, secrets);
  if (copy.description !== undefined) copy.description = scrub(copy.description, secrets);
  if (copy.references) copy.references = copy.references.filter((r) => scrub(r, secrets) === r);
  if (copy.sectors) copy.sectors = copy.sectors.map((s) => scrub(s, secrets));
  return { alert: copy, applied };
}
