/**
 * The generated inputs of `npm run bench:interop`: alerts as a node stores them (mixed categories,
 * TLPs and origins, 1 to 5 indicators of mixed types, some CVEs), and X-ARF v4 abuse reports about
 * a fixed set of sources, as mailbox providers and scanners file them.
 */
import type { Alert, Category, IndicatorType, Severity, StoredAlert, Tlp } from '@cirtmesh/contracts';
import { between, hex, pick, prng } from './random';

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** The nodes of the demo mesh, named as its file names them. */
export const ORIGIN_NAMES: Readonly<Record<string, string>> = {
  ke: 'KE-CIRT',
  ng: 'ngCERT',
  za: 'ZA-CERT',
  'ke-fin': 'Kenya financial-sector CIRT',
  jp: 'JPCERT/CC',
  my: 'MyCERT',
  id: 'ID-SIRTII',
};
const ORIGINS = Object.keys(ORIGIN_NAMES);

/** Repeats make a value likelier: most alerts are GREEN or AMBER, few RED. */
const TLP_MIX: Tlp[] = ['CLEAR', 'CLEAR', 'GREEN', 'GREEN', 'GREEN', 'GREEN', 'AMBER', 'AMBER', 'AMBER+STRICT', 'RED'];
const SEVERITY_MIX: Severity[] = ['low', 'medium', 'medium', 'medium', 'high', 'high', 'critical'];
const CATEGORY_MIX: Category[] = [
  'phishing',
  'phishing',
  'malware',
  'malware',
  'scanning',
  'botnet',
  'intrusion',
  'ddos',
  'data-leak',
  'fraud',
];
const TYPE_MIX: IndicatorType[] = [
  ...(['domain', 'domain', 'domain', 'ipv4', 'ipv4', 'ipv4', 'url', 'url', 'sha256', 'sha256'] as const),
  ...(['md5', 'sha1', 'email', 'ipv6', 'cidr', 'asn'] as const),
];
const WORDS = ['secure', 'login', 'update', 'account', 'verify', 'portal', 'mail', 'cdn', 'pay', 'support', 'cloud', 'bank'];
const TLDS = ['com', 'net', 'org', 'info', 'top', 'xyz', 'online', 'site', 'shop', 'example'];

function publicIpv4(rand: () => number): string {
  return `${between(rand, 23, 222)}.${between(rand, 0, 255)}.${between(rand, 0, 255)}.${between(rand, 1, 254)}`;
}

function ipv6(rand: () => number): string {
  return `2001:db8:${hex(rand, 4)}:${hex(rand, 4)}::${hex(rand, 3)}`;
}

function domain(rand: () => number): string {
  return `${pick(rand, WORDS)}-${pick(rand, WORDS)}${between(rand, 1, 9_999)}.${pick(rand, TLDS)}`;
}

function indicatorValue(rand: () => number, type: IndicatorType): string {
  switch (type) {
    case 'ipv4':
      return publicIpv4(rand);
    case 'ipv6':
      return ipv6(rand);
    case 'cidr':
      return `${between(rand, 23, 222)}.${between(rand, 0, 255)}.${between(rand, 0, 255)}.0/24`;
    case 'domain':
      return domain(rand);
    case 'url':
      return `https://${domain(rand)}/${pick(rand, WORDS)}/${hex(rand, 8)}.php?id=${between(rand, 1, 99_999)}`;
    case 'email':
      return `${pick(rand, WORDS)}.${pick(rand, WORDS)}@${domain(rand)}`;
    case 'md5':
      return hex(rand, 32);
    case 'sha1':
      return hex(rand, 40);
    case 'sha256':
      return hex(rand, 64);
    case 'cve':
      return `CVE-${between(rand, 2019, 2026)}-${between(rand, 1_000, 49_999)}`;
    case 'asn':
      return `AS${between(rand, 1_000, 399_999)}`;
  }
}

/** 1 to 5 distinct indicators; about one alert in five names a CVE. */
function indicatorsOf(rand: () => number): NonNullable<Alert['indicators']> {
  const types = Array.from({ length: between(rand, 1, 5) }, (_, n) => (n === 0 && rand() < 0.2 ? 'cve' : pick(rand, TYPE_MIX)));
  const seen = new Set<string>();
  const out: NonNullable<Alert['indicators']> = [];
  for (const type of types) {
    const value = indicatorValue(rand, type);
    if (!seen.has(`${type}:${value}`)) out.push({ type, value });
    seen.add(`${type}:${value}`);
  }
  return out;
}

/** `count` alerts in the order of a node's log, one stored every 30 seconds from T0. */
export function makeAlerts(count: number): StoredAlert[] {
  const rand = prng(2026);
  return Array.from({ length: count }, (_, n) => {
    const seq = n + 1;
    const at = new Date(T0 + seq * 30_000).toISOString();
    const indicators = indicatorsOf(rand);
    const cve = indicators.some((i) => i.type === 'cve');
    const origin = pick(rand, ORIGINS);
    const alert: Alert = {
      id: `01900000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
      origin,
      createdAt: at,
      title: cve ? `Exploitation of ${indicators[0].value} against exposed servers` : `${pick(rand, WORDS)} campaign, wave ${seq}`,
      ...(rand() < 0.7 ? { description: `Observed by ${ORIGIN_NAMES[origin]} sensors; ${hex(rand, 12)} details in the ticket.` } : {}),
      category: cve ? 'vulnerability' : pick(rand, CATEGORY_MIX),
      severity: pick(rand, SEVERITY_MIX),
      tlp: pick(rand, TLP_MIX),
      scope: pick(rand, ['national', 'regional', 'global', 'global'] as const),
      indicators,
      ...(rand() < 0.3 ? { references: [`https://advisories.example.org/${seq}`] } : {}),
    };
    return { seq, direction: origin === 'ke' ? 'sent' : 'received', storedAt: at, via: origin === 'ke' ? [] : ['africa'], alert };
  });
}

const XARF_KINDS = [
  ...Array.from({ length: 7 }, () => ({ category: 'messaging', type: 'spam' })),
  { category: 'connection', type: 'login_attack' },
  { category: 'connection', type: 'port_scan' },
  { category: 'content', type: 'phishing' },
];
const REPORTERS = Array.from({ length: 20 }, (_, n) => `mailbox${n}.example`);

/** The sources reports are about: mostly IPv4 addresses, some IPv6, some domains. */
function sources(rand: () => number, count: number): string[] {
  return Array.from({ length: count }, (_, n) => {
    const kind = rand();
    if (kind < 0.75) return `${between(rand, 23, 222)}.${between(rand, 0, 255)}.${n % 256}.${between(rand, 1, 254)}`;
    if (kind < 0.85) return `2001:db8:${n.toString(16)}::${hex(rand, 3)}`;
    return `bulk-mailer${n}.${pick(rand, TLDS)}`;
  });
}

/**
 * `count` X-ARF v4 reports about `sourceCount` sources over one hour: every source at least once,
 * then the rest skewed towards a few loud ones, as spam sources are.
 */
export function makeXarfReports(count: number, sourceCount: number): Array<Record<string, unknown>> {
  const rand = prng(4);
  const about = sources(rand, sourceCount);
  return Array.from({ length: count }, (_, n) => {
    const source = about[n < sourceCount ? n : Math.floor(rand() ** 2 * sourceCount)];
    const { category, type } = pick(rand, XARF_KINDS);
    const reporter = pick(rand, REPORTERS);
    const lure = `https://${domain(rand)}/claim?id=${between(rand, 1, 999)}`;
    return {
      xarf_version: '4.2.0',
      report_id: `${hex(rand, 8)}-${hex(rand, 4)}-4${hex(rand, 3)}-a${hex(rand, 3)}-${hex(rand, 12)}`,
      timestamp: new Date(T0 + Math.floor(rand() * 3_600_000)).toISOString(),
      reporter: { org: `Mailbox provider ${reporter}`, contact: `abuse@${reporter}`, domain: reporter },
      sender: { org: 'Example Anti-Spam Service', contact: 'reports@antispam.example', domain: 'antispam.example' },
      source_identifier: source,
      source_port: category === 'messaging' ? 25 : between(rand, 1_024, 65_535),
      category,
      type,
      evidence_source: category === 'messaging' ? 'spamtrap' : 'honeypot',
      ...(category === 'messaging'
        ? { protocol: 'smtp', smtp_from: `winner@${domain(rand)}`, smtp_to: `user${n}@${reporter}`, subject: `Claim your prize at ${lure}` }
        : {}),
      ...(category === 'content' ? { url: lure, domain: new URL(lure).hostname } : {}),
      description: `Reported by the ${reporter} trap network.`,
      evidence: [{ content_type: 'message/rfc822', description: 'the message', payload: Buffer.from(`report ${n}`).toString('base64') }],
    };
  });
}
