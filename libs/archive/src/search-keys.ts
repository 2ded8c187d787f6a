import type { Alert, IndicatorMatch, IndicatorType } from '@cirtmesh/contracts';
import ipaddr from 'ipaddr.js';

/**
 * The keys an alert is found by. Both stores keep them on the alert's document and query them the
 * same way, so "have we seen this?" has one answer whichever store runs.
 *
 * - `terms`: every indicator value, normalised, plus each parent domain of a domain, of a URL's
 *   host and of an email's domain (so `evil.example` finds `cdn.evil.example`).
 * - `blocks`: each CIDR indicator as its first address (32 hex digits, IPv4 mapped into IPv6) and
 *   prefix length. An address lies in at most one block per prefix length, so "which blocks hold
 *   this address?" is one exact lookup per prefix length: 129 index probes, whatever the data.
 * - `words`: the distinct words of the title and description, for full-text `q`.
 */
export interface SearchKeys {
  terms: string[];
  blocks: string[];
  words: string[];
}

/** A parsed `?value=`: what to look up and how. */
export interface IndicatorQuery {
  /** The value as stored: normalised. */
  term: string;
  /** Set when the value is an IP address: every block key that contains it, one per prefix length. */
  blocks?: string[];
}

/** Words shorter than this carry no meaning for search. */
const MIN_WORD = 2;
const MAX_WORD = 64;
const MAX_WORDS = 2_000;

function addressKey(address: ipaddr.IPv4 | ipaddr.IPv6): string {
  const v6 = address.kind() === 'ipv4' ? (address as ipaddr.IPv4).toIPv4MappedAddress() : (address as ipaddr.IPv6);
  return Buffer.from(v6.toByteArray()).toString('hex');
}

/** The address as a search key, or undefined when the value is not an IP address. */
export function ipKey(value: string): string | undefined {
  if (!ipaddr.isValid(value)) return undefined;
  return addressKey(ipaddr.process(value));
}

const hex32 = (n: bigint): string => n.toString(16).padStart(32, '0');

function maskedKey(address: bigint, bits: number): string {
  const hostMask = (1n << BigInt(128 - bits)) - 1n;
  return `${hex32(address & ~hostMask)}/${bits}`;
}

/** Parsing CIDR text is the slow part of explaining a hit; the same blocks come up again and again. */
const blockCache = new Map<string, string | undefined>();
const BLOCK_CACHE_MAX = 10_000;

/** A CIDR block as its key: first address, 32 hex digits, and prefix length in IPv6 terms. */
function cidrBlock(value: string): string | undefined {
  if (blockCache.has(value)) return blockCache.get(value);
  if (blockCache.size >= BLOCK_CACHE_MAX) blockCache.clear();
  const block = parseBlock(value);
  blockCache.set(value, block);
  return block;
}

function parseBlock(value: string): string | undefined {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(value);
  } catch {
    return undefined;
  }
  const [address, prefix] = parsed;
  return maskedKey(BigInt(`0x${addressKey(address)}`), address.kind() === 'ipv4' ? prefix + 96 : prefix);
}

/** Every block key that contains the address: one per prefix length, /0 to /128. */
function containingBlocks(key: string): string[] {
  const address = BigInt(`0x${key}`);
  return Array.from({ length: 129 }, (_, bits) => maskedKey(address, bits));
}

function normaliseIp(value: string): string {
  return ipaddr.process(value).toString();
}

/** A domain and each of its parents down to two labels: a.b.example.org, b.example.org, example.org. */
function domainAndParents(domain: string): string[] {
  const labels = domain.replace(/\.$/, '').split('.');
  const out: string[] = [];
  for (let i = 0; i <= labels.length - 2; i += 1) out.push(labels.slice(i).join('.'));
  return out;
}

function urlHost(value: string): string | undefined {
  try {
    const host = new URL(value).hostname;
    return host && !ipaddr.isValid(host.replace(/^\[|\]$/g, '')) ? host : undefined;
  } catch {
    return undefined;
  }
}

/** The indicator value in the form both stores keep and compare. */
export function normaliseIndicator(type: IndicatorType, value: string): string {
  const v = value.trim();
  switch (type) {
    case 'ipv4':
    case 'ipv6':
      return ipaddr.isValid(v) ? normaliseIp(v) : v.toLowerCase();
    case 'cidr':
    case 'domain':
    case 'email':
    case 'md5':
    case 'sha1':
    case 'sha256':
    case 'url':
      return v.toLowerCase();
    case 'cve':
    case 'asn':
      return v.toUpperCase();
  }
}

/** The domain an indicator names: a domain itself, a URL's host, an email's domain. */
function domainOf(type: IndicatorType, normalised: string): string | undefined {
  if (type === 'domain') return normalised.replace(/\.$/, '');
  if (type === 'url') return urlHost(normalised);
  if (type === 'email') {
    const at = normalised.lastIndexOf('@');
    return at > 0 ? normalised.slice(at + 1) : undefined;
  }
  return undefined;
}

function indicatorTerms(type: IndicatorType, value: string): string[] {
  const v = normaliseIndicator(type, value);
  const domain = domainOf(type, v);
  return domain ? [...new Set([v, ...domainAndParents(domain)])] : [v];
}

/** Lower-case words of a text, accents folded, in first-seen order, each once. */
export function wordsOf(text: string): string[] {
  const seen = new Set<string>();
  const folded = text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  for (const match of folded.matchAll(/[\p{L}\p{N}][\p{L}\p{N}_.-]*[\p{L}\p{N}]|[\p{L}\p{N}]/gu)) {
    const word = match[0];
    if (word.length >= MIN_WORD && word.length <= MAX_WORD) seen.add(word);
    if (seen.size >= MAX_WORDS) break;
  }
  return [...seen];
}

export function searchKeys(alert: Pick<Alert, 'title' | 'description' | 'indicators'>): SearchKeys {
  const terms = new Set<string>();
  const blocks = new Set<string>();
  for (const { type, value } of alert.indicators ?? []) {
    for (const term of indicatorTerms(type, value)) terms.add(term);
    const block = type === 'cidr' ? cidrBlock(value) : undefined;
    if (block) blocks.add(block);
  }
  return { terms: [...terms], blocks: [...blocks], words: wordsOf(`${alert.title}\n${alert.description ?? ''}`) };
}

/** Parses a `?value=`: any string an indicator could hold. */
export function indicatorQuery(value: string): IndicatorQuery {
  const v = value.trim();
  const address = ipKey(v);
  if (address) return { term: normaliseIp(v), blocks: containingBlocks(address) };
  return { term: /^(cve-\d|as\d+$)/i.test(v) ? v.toUpperCase() : v.toLowerCase() };
}

/** Which of an alert's indicators a query matched, and how: for showing why a hit is a hit. */
export function matchedIndicators(alert: Pick<Alert, 'indicators'>, query: IndicatorQuery): IndicatorMatch[] {
  const out: IndicatorMatch[] = [];
  for (const { type, value } of alert.indicators ?? []) {
    const v = normaliseIndicator(type, value);
    const domain = domainOf(type, v);
    if (v === query.term) out.push({ type, value, match: 'exact' });
    else if (domain === query.term) out.push({ type, value, match: 'domain' });
    else if (domain?.endsWith(`.${query.term}`) && query.term.includes('.')) out.push({ type, value, match: 'subdomain' });
    else if (type === 'cidr' && query.blocks) {
      const block = cidrBlock(value);
      if (block && query.blocks.includes(block)) out.push({ type, value, match: 'cidr' });
    }
  }
  return out;
}
