import { CATEGORIES, SEVERITIES, type Category, type Severity, type Tlp } from '@cirtmesh/contracts';
import type { DraftIndicator } from '../draft';
import type { StixJson } from './import-document';
import { indicatorsFromPattern, type PatternIndicators } from './pattern-import';
import { tlpOfMarkingId, tlpOfMarkingObject } from './tlp';

/** What one indicator or vulnerability object gives: indicators, and why any part of it gave none. */
export type MappedObject = PatternIndicators;

const CVE = /^CVE-\d{4}-\d{4,}$/i;

/** The indicators of an indicator object with a STIX pattern. */
export function mapIndicatorObject(indicator: StixJson): MappedObject {
  if (indicator.revoked === true) return { indicators: [], problems: ['it is revoked'] };
  const patternType = indicator.pattern_type ?? 'stix';
  if (patternType !== 'stix')
    return { indicators: [], problems: [`a ${JSON.stringify(patternType)} pattern is not mapped, only STIX patterns`] };
  if (typeof indicator.pattern !== 'string') return { indicators: [], problems: ['it has no pattern'] };
  return indicatorsFromPattern(indicator.pattern);
}

/** The CVE of a vulnerability object: its `cve` external reference, else a name that is a CVE id. */
export function mapVulnerability(vulnerability: StixJson): MappedObject {
  if (vulnerability.revoked === true) return { indicators: [], problems: ['it is revoked'] };
  const cve = records(vulnerability.external_references).find((r) => String(r.source_name).toLowerCase() === 'cve')?.external_id;
  const id = typeof cve === 'string' && CVE.test(cve) ? cve : typeof vulnerability.name === 'string' ? vulnerability.name : '';
  if (!CVE.test(id)) return { indicators: [], problems: ['it names no CVE id'] };
  const indicator: DraftIndicator = { type: 'cve', value: id.toUpperCase() };
  return { indicators: [indicator], problems: [] };
}

/** The TLP of every marking-definition object in the document that carries one. */
export function markingTlps(objects: StixJson[]): Map<string, Tlp> {
  const tlps = new Map<string, Tlp>();
  for (const object of objects.filter((o) => o.type === 'marking-definition')) {
    const tlp = tlpOfMarkingObject(object);
    if (tlp) tlps.set(object.id, tlp);
  }
  return tlps;
}

/** The TLPs an object is marked with, whole or in part: well-known ids, and TLP markings in the document. */
export function tlpsOf(object: StixJson, markings: Map<string, Tlp>): Tlp[] {
  const refs = [...strings(object.object_marking_refs), ...records(object.granular_markings).map((g) => g.marking_ref)];
  return refs.flatMap((ref) => {
    const tlp = typeof ref === 'string' ? (tlpOfMarkingId(ref) ?? markings.get(ref)) : undefined;
    return tlp ? [tlp] : [];
  });
}

/** A `cirtmesh:category=` label, else a label or report type that is a category's name; else `other`. */
export function categoryOf(report: StixJson): Category {
  const labels = strings(report.labels);
  const named = labelValue(labels, 'category', CATEGORIES);
  if (named) return named;
  const words = [...labels, ...strings(report.report_types)].map((word) => word.toLowerCase());
  if (words.includes('ransomware')) return 'malware';
  return CATEGORIES.find((category) => category !== 'other' && words.includes(category)) ?? 'other';
}

/** A `cirtmesh:severity=` label, else `medium`. */
export function severityOf(report: StixJson): Severity {
  return labelValue(strings(report.labels), 'severity', SEVERITIES) ?? 'medium';
}

/** The http(s) URLs of the external references, each once. */
export function referencesOf(object: StixJson): string[] {
  const urls = records(object.external_references).map((r) => r.url);
  return [...new Set(urls.filter((url): url is string => typeof url === 'string' && /^https?:\/\//i.test(url)))];
}

function labelValue<T extends string>(labels: string[], name: string, values: readonly T[]): T | undefined {
  const prefix = `cirtmesh:${name}=`;
  const value = labels.find((label) => label.startsWith(prefix))?.slice(prefix.length);
  return values.find((v) => v === value);
}

/** The strings of a list property (anything else in it, or a non-list, ignored). */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function records(value: unknown): Array<Record<string, unknown>> {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null) : [];
}
