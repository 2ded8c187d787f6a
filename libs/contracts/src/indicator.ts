import { isEmail, isFQDN, isHash, isURL } from 'class-validator';
import { isIPv4, isIPv6 } from 'node:net';
import type { IndicatorType } from './vocabulary';

function isCidr(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0 || slash !== value.lastIndexOf('/')) return false;
  const address = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  const prefix = Number(bits);
  if (isIPv4(address)) return prefix <= 32;
  if (isIPv6(address)) return prefix <= 128;
  return false;
}

const CHECKS: Record<IndicatorType, { test: (value: string) => boolean; expected: string }> = {
  ipv4: { test: isIPv4, expected: 'an IPv4 address such as 192.0.2.1' },
  ipv6: { test: isIPv6, expected: 'an IPv6 address such as 2001:db8::1' },
  cidr: { test: isCidr, expected: 'a CIDR block such as 192.0.2.0/24' },
  domain: {
    test: (v) => isFQDN(v, { require_tld: true, allow_underscores: true }),
    expected: 'a domain name such as example.org',
  },
  url: {
    test: (v) => isURL(v, { require_protocol: true, protocols: ['http', 'https', 'ftp'] }),
    expected: 'an http(s) or ftp URL',
  },
  email: { test: (v) => isEmail(v), expected: 'an email address' },
  md5: { test: (v) => isHash(v, 'md5'), expected: 'an MD5 hash (32 hex digits)' },
  sha1: { test: (v) => isHash(v, 'sha1'), expected: 'a SHA-1 hash (40 hex digits)' },
  sha256: { test: (v) => isHash(v, 'sha256'), expected: 'a SHA-256 hash (64 hex digits)' },
  cve: { test: (v) => /^CVE-\d{4}-\d{4,}$/.test(v), expected: 'a CVE id such as CVE-2024-3094' },
  asn: { test: (v) => /^AS\d{1,10}$/.test(v) && Number(v.slice(2)) < 2 ** 32, expected: 'an AS number such as AS64496' },
};

/** Checks a value against its indicator type; returns what was expected when it does not match. */
export function checkIndicatorValue(type: IndicatorType, value: string): { ok: true } | { ok: false; expected: string } {
  const check = CHECKS[type];
  return check.test(value) ? { ok: true } : { ok: false, expected: check.expected };
}
