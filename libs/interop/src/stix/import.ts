import type { Tlp } from '@cirtmesh/contracts';
import { createHash } from 'node:crypto';
import type { AlertDraft, ImportResult, Skipped } from '../draft';
import { readStixDocument, versionOf, type StixJson } from './import-document';
import {
  categoryOf,
  mapIndicatorObject,
  mapVulnerability,
  markingTlps,
  referencesOf,
  severityOf,
  strings,
  tlpsOf,
  type MappedObject,
} from './import-objects';
import { strictestTlp } from './tlp';

/** How to import. */
export interface StixImportOptions {
  /** Indicators and vulnerabilities that no report refers to: one draft for them all (the default), or none. */
  looseIndicators?: 'group' | 'skip';
}

const PARTS = new Set(['indicator', 'vulnerability']);
const CONTEXT = new Set(['report', 'identity', 'marking-definition', 'extension-definition', ...PARTS]);
const LOOSE_TITLE = 'Indicators imported from STIX';

/** What the import works with: the document's objects by id, their TLP markings, and the parts mapped once. */
class ImportContext {
  readonly byId: Map<string, StixJson>;
  readonly skipped: Skipped[];
  private readonly markings: Map<string, Tlp>;
  private readonly mapped = new Map<string, MappedObject>();

  constructor(
    readonly objects: StixJson[],
    skipped: Skipped[],
  ) {
    this.byId = new Map(objects.map((object) => [object.id, object]));
    this.markings = markingTlps(objects);
    this.skipped = [...skipped];
  }

  /** An indicator's or vulnerability's indicators; its problems are reported once. */
  part(object: StixJson): MappedObject {
    let result = this.mapped.get(object.id);
    if (!result) {
      result = object.type === 'indicator' ? mapIndicatorObject(object) : mapVulnerability(object);
      this.mapped.set(object.id, result);
      this.skipped.push(...result.problems.map((reason) => ({ what: object.id, reason })));
    }
    return result;
  }

  /** The draft fields that its parts give: the indicators, and the strictest TLP of the objects that gave any. */
  fromParts(parts: StixJson[], marked: StixJson[]): Pick<AlertDraft['submission'], 'indicators' | 'tlp'> {
    const giving = parts.filter((part) => this.part(part).indicators.length > 0);
    const indicators = giving.flatMap((part) => this.part(part).indicators);
    const tlp = strictestTlp([...marked, ...giving].flatMap((object) => tlpsOf(object, this.markings)));
    return { ...(indicators.length > 0 ? { indicators } : {}), ...(tlp ? { tlp } : {}) };
  }
}

/**
 * Drafts of alerts from a STIX 2.1 bundle or a TAXII envelope. A report becomes one draft: its
 * name, description, `cirtmesh:` category and severity labels, reference URLs, the indicators and
 * CVEs of the objects it refers to, and the strictest TLP marking (TLP 2.0 or 1.0) among them; no
 * marking leaves `tlp` out. Indicators and vulnerabilities no report refers to make one more draft.
 * The same objects give the same keys. What cannot be mapped is skipped with a reason that names
 * it; a document that is neither a bundle nor an envelope throws StixInvalidError.
 */
export function draftsFromStix(document: unknown, options: StixImportOptions = {}): ImportResult {
  const { objects, skipped } = readStixDocument(document);
  const context = new ImportContext(objects, skipped);
  const drafts: AlertDraft[] = [];
  const referenced = new Set<string>();
  for (const report of objects.filter((object) => object.type === 'report')) {
    strings(report.object_refs).forEach((ref) => referenced.add(ref));
    const draft = reportDraft(report, context);
    if (draft) drafts.push(draft);
  }
  const loose = objects.filter((object) => PARTS.has(object.type) && !referenced.has(object.id));
  if (options.looseIndicators === 'skip') context.skipped.push(...loose.map((o) => ({ what: o.id, reason: 'no report refers to it' })));
  else {
    const draft = looseDraft(loose, context);
    if (draft) drafts.push(draft);
  }
  for (const object of objects.filter((o) => !CONTEXT.has(o.type))) {
    context.skipped.push({ what: object.id, reason: `a ${object.type} is not mapped to an alert` });
  }
  return { drafts, skipped: context.skipped };
}

function reportDraft(report: StixJson, context: ImportContext): AlertDraft | undefined {
  const version = versionOf(report);
  const problem = reportProblem(report, version);
  if (problem) {
    context.skipped.push({ what: report.id, reason: problem });
    return undefined;
  }
  const parts: StixJson[] = [];
  for (const ref of new Set(strings(report.object_refs))) {
    const object = context.byId.get(ref);
    if (object && PARTS.has(object.type)) parts.push(object);
    else if (!object && PARTS.has(ref.split('--')[0]))
      context.skipped.push({ what: ref, reason: `${report.id} refers to it, but it is not in the document` });
  }
  const references = referencesOf(report);
  const submission: AlertDraft['submission'] = {
    title: report.name as string,
    ...(typeof report.description === 'string' && report.description ? { description: report.description } : {}),
    category: categoryOf(report),
    severity: severityOf(report),
    ...(references.length > 0 ? { references } : {}),
    ...context.fromParts(parts, [report]),
  };
  return { key: `stix:${report.id}@${version}`, what: report.id, submission };
}

function reportProblem(report: StixJson, version: string | undefined): string | undefined {
  if (report.revoked === true) return 'it is revoked';
  if (typeof report.name !== 'string' || report.name === '') return 'it has no name';
  return version ? undefined : 'it has no modified timestamp';
}

function looseDraft(loose: StixJson[], context: ImportContext): AlertDraft | undefined {
  const parts = loose.filter((part) => context.part(part).indicators.length > 0);
  if (parts.length === 0) return undefined;
  const named = parts.find((part) => part.type === 'indicator' && typeof part.name === 'string' && part.name !== '');
  const versions = parts.map((part) => `${part.id}@${versionOf(part) ?? ''}`).sort();
  const hash = createHash('sha256').update(versions.join('\n')).digest('hex');
  return {
    key: `stix:indicators:${hash}`,
    what: `${parts.length} STIX ${parts.length === 1 ? 'object' : 'objects'} that no report refers to`,
    submission: {
      title: named ? (named.name as string) : LOOSE_TITLE,
      category: 'other',
      severity: 'medium',
      ...context.fromParts(parts, []),
    },
  };
}
