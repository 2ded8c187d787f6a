import type { Alert } from '@cirtmesh/contracts';
import { stixId } from './ids';
import { stixPatternFor, type PatternIndicatorType } from './pattern-export';
import { stixTimestamp } from './timestamps';
import { tlpMarking } from './tlp';
import type {
  StixBundle,
  StixDomainObject,
  StixIdentity,
  StixIndicator,
  StixObject,
  StixReport,
  StixTlpMarking,
  StixVulnerability,
} from './types';

/** The node an alert comes from: its id, and its name as the mesh file gives it. */
export interface StixOrigin {
  id: string;
  name?: string;
}

/**
 * One alert as STIX 2.1 objects. `shared` are the objects many alerts have in common (the origin's
 * identity, the TLP marking): a TAXII collection lists them once, a bundle carries them once.
 * `own` are the alert's: its report first, then its indicators and vulnerabilities.
 */
export interface StixObjects {
  shared: [StixIdentity, StixTlpMarking];
  own: [StixReport, ...Array<StixIndicator | StixVulnerability>];
}

/**
 * When every node's identity was made: a fixed instant, so that an identity is one and the same
 * object (one version) in every export of every alert.
 */
const IDENTITY_CREATED = '2020-01-01T00:00:00.000Z';

/** The STIX identity of a node: an organization, named as the mesh file names it, else by its id. */
export function stixIdentity(origin: StixOrigin): StixIdentity {
  return {
    type: 'identity',
    spec_version: '2.1',
    id: stixId('identity', `node:${origin.id}`),
    created: IDENTITY_CREATED,
    modified: IDENTITY_CREATED,
    name: origin.name ?? origin.id,
    identity_class: 'organization',
  };
}

/**
 * One alert as STIX 2.1 objects, the same ids and content on every call: a report, an indicator
 * per indicator with a STIX pattern, a vulnerability per CVE, each created by the origin's
 * identity and marked with the TLP 2.0 marking of the alert's TLP. Recipients and groups, which
 * are routing data, are never exported.
 */
export function stixObjectsFor(alert: Alert, origin: StixOrigin): StixObjects {
  const identity = stixIdentity(origin);
  const marking = tlpMarking(alert.tlp);
  const created = stixTimestamp(alert.createdAt);
  const base = <T extends string>(type: T, name: string): StixDomainObject<T> => ({
    type,
    spec_version: '2.1',
    id: stixId(type, name),
    created_by_ref: identity.id,
    created,
    modified: created,
    object_marking_refs: [marking.id],
  });
  const indicators: StixIndicator[] = [];
  const vulnerabilities = new Map<string, StixVulnerability>();
  (alert.indicators ?? []).forEach(({ type, value }, n) => {
    if (type !== 'cve') indicators.push({ ...base('indicator', `${alert.id}:indicator:${n}`), ...indicatorProperties(alert, type, value) });
    else if (!vulnerabilities.has(value))
      vulnerabilities.set(value, vulnerability(base('vulnerability', `${alert.id}:cve:${value}`), value));
  });
  const parts = [...indicators, ...vulnerabilities.values()];
  const report: StixReport = {
    ...base('report', alert.id),
    ...reportProperties(alert),
    published: created,
    object_refs: [...parts.map((part) => part.id), identity.id],
  };
  return { shared: [identity, marking], own: [report, ...parts] };
}

/** Alerts as one STIX 2.1 bundle: every alert's objects, each shared object once. */
export function stixBundle(entries: Iterable<{ alert: Alert; origin: StixOrigin }>): StixBundle {
  const shared = new Map<string, StixObject>();
  const own: StixObject[] = [];
  const alertIds: string[] = [];
  for (const { alert, origin } of entries) {
    const objects = stixObjectsFor(alert, origin);
    for (const object of objects.shared) shared.set(object.id, object);
    own.push(...objects.own);
    alertIds.push(alert.id);
  }
  const bundle: StixBundle = { type: 'bundle', id: stixId('bundle', `bundle:${alertIds.join(',')}`) };
  return own.length > 0 ? { ...bundle, objects: [...shared.values(), ...own] } : bundle;
}

function reportProperties(alert: Alert): Pick<StixReport, 'name' | 'description' | 'report_types' | 'labels' | 'external_references'> {
  return {
    name: alert.title,
    ...(alert.description ? { description: alert.description } : {}),
    report_types: ['threat-report'],
    labels: [`cirtmesh:category=${alert.category}`, `cirtmesh:severity=${alert.severity}`, `cirtmesh:scope=${alert.scope}`],
    external_references: [
      { source_name: 'cirtmesh', external_id: alert.id },
      ...(alert.references ?? []).map((url) => ({ source_name: 'reference', url })),
    ],
  };
}

type IndicatorProperties =
  'name' | 'indicator_types' | 'pattern' | 'pattern_type' | 'pattern_version' | 'valid_from' | 'valid_until' | 'labels';

function indicatorProperties(alert: Alert, type: PatternIndicatorType, value: string): Pick<StixIndicator, IndicatorProperties> {
  const validFrom = stixTimestamp(alert.notBefore ?? alert.createdAt);
  const validUntil = alert.validUntil === undefined ? undefined : stixTimestamp(alert.validUntil);
  return {
    name: value,
    indicator_types: ['malicious-activity'],
    pattern: stixPatternFor({ type, value }),
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: validFrom,
    ...(validUntil !== undefined && validUntil > validFrom ? { valid_until: validUntil } : {}),
    labels: [`cirtmesh:type=${type}`],
  };
}

function vulnerability(base: StixDomainObject<'vulnerability'>, cve: string): StixVulnerability {
  return { ...base, name: cve, external_references: [{ source_name: 'cve', external_id: cve }] };
}
