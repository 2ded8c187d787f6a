import type { Category } from '@cirtmesh/contracts';
import type { AbuseReport, DraftIndicator, Skipped } from '../draft';
import { checkedIndicator, ipIndicator, IndicatorList } from '../indicator-list';
import { clip } from '../json-values';

/** What an intake returns: the reports it read, and what it left out, with why. */
export interface ReportBatch {
  reports: AbuseReport[];
  skipped: Skipped[];
}

/** At most this many URLs, and as many domains, are kept of one report. */
export const REPORT_MAX_NAMES = 100;
/** A note is at most this long. */
export const REPORT_NOTE_MAX = 500;

function indicatorOrNothing(type: DraftIndicator['type'], value: string): DraftIndicator | undefined {
  const checked = checkedIndicator(type, value);
  return 'indicator' in checked ? checked.indicator : undefined;
}

/** What a report is about, from a value that is an IP address or block, a URL or a domain; undefined when it is none. */
export function sourceIndicator(value: string): DraftIndicator | undefined {
  const trimmed = value.trim();
  if (trimmed.includes('://')) return indicatorOrNothing('url', trimmed);
  const ip = ipIndicator(trimmed);
  return indicatorOrNothing(ip.type, ip.value) ?? indicatorOrNothing('domain', trimmed);
}

/** The address of a mailbox as mail headers write it (`<a@b>`, `Name <a@b>`, `a@b`), if it is one. */
export function emailAddress(value: string): string | undefined {
  const angled = /<([^<>]*)>/.exec(value);
  const address = (angled ? angled[1] : value).trim();
  return address === '' ? undefined : indicatorOrNothing('email', address)?.value;
}

/** A domain as cirtmesh writes it, if the value is one. */
export function domainName(value: string): string | undefined {
  return indicatorOrNothing('domain', value)?.value;
}

/** The domain of a mailbox address, if it is a valid domain. */
export function domainOfEmail(value: string): string | undefined {
  const address = emailAddress(value);
  return address === undefined ? undefined : domainName(address.slice(address.lastIndexOf('@') + 1));
}

/** The http(s) URLs written in a text, at most 20 of them; bare domains are not guessed at (file names, abbreviations). */
export function urlsInText(text: string): string[] {
  const found = text.match(/\bhttps?:\/\/[^\s<>"'()[\]{}]+/gi) ?? [];
  return found.slice(0, 20).map((url) => url.replace(/[.,;:!?]+$/, ''));
}

/** Text with every mailbox address in it replaced: a subject may name the person it was sent to. */
export function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>"'(),;:@]+@[^\s<>"'(),;:@]+/g, '[address]');
}

/** The parts of a note that are there, joined, without mailbox addresses, bounded. */
export function noteOf(parts: Array<string | undefined>): string | undefined {
  const present = parts.filter((part): part is string => part !== undefined && part !== '');
  return present.length === 0 ? undefined : clip(withoutAddresses(present.join('; ').replace(/\s+/g, ' ')), REPORT_NOTE_MAX);
}

/** A date the value names, if it names one. */
export function dateOf(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** The valid values among `values` of one type, de-duplicated, bounded, without the source's own value. */
function namesOf(type: 'url' | 'domain', values: string[], source: DraftIndicator): string[] {
  const list = new IndicatorList(REPORT_MAX_NAMES + 1);
  for (const value of values) list.add(type, value);
  return list.items
    .filter((item) => !(item.type === source.type && item.value.toLowerCase() === source.value.toLowerCase()))
    .slice(0, REPORT_MAX_NAMES)
    .map((item) => item.value);
}

/** What an intake read of one report, before it is made an AbuseReport. */
export interface ReportFields {
  reportId: string;
  format: AbuseReport['format'];
  source: DraftIndicator;
  category: Category;
  type: string;
  observedAt: Date;
  receivedAt: Date;
  reporterDomain?: string;
  urls: string[];
  domains: string[];
  senderEmail?: string;
  note?: string;
}

/**
 * The report the mesh may carry: URLs and domains checked, de-duplicated and bounded, the time of
 * the abuse never later than the report's arrival, and only the fields named here, so that
 * nothing else of the source (recipients, evidence) can slip in.
 */
export function abuseReport(fields: ReportFields): AbuseReport {
  const observed = fields.observedAt.getTime() > fields.receivedAt.getTime() ? fields.receivedAt : fields.observedAt;
  return {
    reportId: clip(fields.reportId, 256),
    format: fields.format,
    source: fields.source,
    category: fields.category,
    type: clip(fields.type, 64),
    observedAt: observed.toISOString(),
    ...(fields.reporterDomain === undefined ? {} : { reporterDomain: fields.reporterDomain }),
    urls: namesOf('url', fields.urls, fields.source),
    domains: namesOf('domain', fields.domains, fields.source),
    ...(fields.senderEmail === undefined ? {} : { senderEmail: fields.senderEmail }),
    ...(fields.note === undefined ? {} : { note: fields.note }),
  };
}
