/**
 * `npm run bench:interop`: the format mappings on one core (one process, no mesh), each against
 * a plain JSON.parse of the same input bytes measured in the same round.
 *
 * - TAXII: 10,000 generated alerts in a memory archive, read through the node's `alerts`
 *   collection (STIX objects rendered per alert) from the first page to the last with limit=1000,
 *   following `next`, each page serialised as the server sends it; objects/s. Baseline: parsing
 *   the serialised pages.
 * - STIX import: `draftsFromStix` over one exported bundle per alert, from its bytes; alerts/s.
 * - MISP import: `draftsFromMisp` over one exported event per alert, from its bytes; events/s.
 * - Spam: 100,000 X-ARF v4 reports about 1,000 sources read with `reportsFromXarf` from their
 *   bytes, folded into campaigns (`CampaignWindow.add`), then every campaign closed; reports/s.
 *
 * Each figure is the median of ROUNDS rounds, with CPU microseconds per item (process.cpuUsage)
 * beside it. Every pass checks what it produced and throws when it is not what the inputs make.
 */
import type { StoredAlert } from '@cirtmesh/contracts';
import {
  CampaignWindow,
  draftsFromMisp,
  draftsFromStix,
  mispEventFor,
  reportsFromXarf,
  stixBundle,
  type ImportResult,
} from '@cirtmesh/interop';
import { cpus } from 'node:os';
import { makeAlerts, makeXarfReports, ORIGIN_NAMES, T0 } from './interop-data';
import { TaxiiReader } from './interop-taxii';
import { cpuUsPerItem, median, perSecond, round, timed, type Sample } from './stats';

const ALERTS = 10_000;
const REPORTS = 100_000;
const SOURCES = 1_000;
const ROUNDS = 3;
/** A pass shorter than this is repeated within its round, so that no figure rests on a few milliseconds. */
const MIN_MS = 300;
/** When the node received the reports: after every abuse they describe. */
const RECEIVED = new Date(T0 + 2 * 3_600_000);

interface Workload {
  /** The figure's name in the last line, and its unit. */
  name: string;
  unit: string;
  /** One pass over the inputs; returns how many units it did. */
  run: () => number | Promise<number>;
  /** The serialised inputs the baseline parses, and how many units one parse of them all is. */
  inputs: string[];
  units: number;
  /** Whether the inputs are documents an import takes (bundles, events, reports): json_parse_per_s parses those. */
  documents: boolean;
}

const origin = (id: string): { id: string; name?: string } => ({ id, name: ORIGIN_NAMES[id] });
const indicatorCount = (alerts: StoredAlert[]): number => alerts.reduce((n, r) => n + (r.alert.indicators?.length ?? 0), 0);
const megabytes = (texts: string[]): number => round(texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 2 ** 20, 1);

function parseAll(texts: string[], units: number): number {
  let parsed = 0;
  for (const text of texts) if (JSON.parse(text) !== null) parsed += 1;
  if (parsed !== texts.length) throw new Error('an input parsed to null');
  return units;
}

/** A pass of an import from bytes: one draft per document, carrying every indicator the alerts had, or it throws. */
function importPass(format: string, documents: string[], indicators: number, importer: (document: unknown) => ImportResult): () => number {
  return () => {
    let drafts = 0;
    let found = 0;
    for (const text of documents) {
      const result = importer(JSON.parse(text));
      drafts += result.drafts.length;
      for (const draft of result.drafts) found += draft.submission.indicators?.length ?? 0;
    }
    if (drafts !== documents.length || found !== indicators) {
      throw new Error(`${format} import made ${drafts} drafts with ${found} indicators of ${documents.length} alerts with ${indicators}`);
    }
    return drafts;
  };
}

/** A pass of the spam intake: every report read and folded, then every campaign closed; throws unless each source is one campaign. */
function spamPass(reports: string[]): () => number {
  return () => {
    const window = new CampaignWindow();
    let skipped = 0;
    for (const text of reports) {
      const batch = reportsFromXarf(JSON.parse(text), RECEIVED);
      skipped += batch.skipped.length;
      for (const report of batch.reports) window.add(report);
    }
    const campaigns = window.closeAll();
    const folded = campaigns.reduce((n, c) => n + c.reports, 0);
    if (skipped > 0 || campaigns.length !== SOURCES || folded !== reports.length) {
      throw new Error(
        `spam: ${campaigns.length} campaigns of ${folded} reports (${skipped} skipped) from ${reports.length} about ${SOURCES} sources`,
      );
    }
    return reports.length;
  };
}

async function workloads(alerts: StoredAlert[]): Promise<Workload[]> {
  const taxii = await TaxiiReader.of(alerts);
  const pages = await taxii.check();
  const bundles = alerts.map((r) => JSON.stringify(stixBundle([{ alert: r.alert, origin: origin(r.alert.origin) }])));
  const events = alerts.map((r) => JSON.stringify(mispEventFor(r, origin(r.alert.origin))));
  const reports = makeXarfReports(REPORTS, SOURCES).map((report) => JSON.stringify(report));
  const indicators = indicatorCount(alerts);
  console.log(
    `inputs: ${ALERTS} alerts with ${indicators} indicators; TAXII ${taxii.expected.size} objects in ${pages.length} pages (${megabytes(pages)} MB); ` +
      `${bundles.length} STIX bundles (${megabytes(bundles)} MB); ${events.length} MISP events (${megabytes(events)} MB); ` +
      `${reports.length} X-ARF reports about ${SOURCES} sources (${megabytes(reports)} MB)`,
  );
  return [
    { name: 'taxii_objects', unit: 'object', run: () => taxii.pass(), inputs: pages, units: taxii.expected.size, documents: false },
    imported('stix_import', 'alert', importPass('STIX', bundles, indicators, draftsFromStix), bundles),
    imported('misp_import', 'event', importPass('MISP', events, indicators, draftsFromMisp), events),
    imported('spam_reports', 'report', spamPass(reports), reports),
  ];
}

/** A workload that takes documents, one unit each: its baseline counts in json_parse_per_s. */
function imported(name: string, unit: string, run: () => number, inputs: string[]): Workload {
  return { name, unit, run, inputs, units: inputs.length, documents: true };
}

/** How many of each value, most first. */
function tally(values: string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([value, n]) => `${value} ${n}`)
    .join(', ');
}

function describeInputs(alerts: StoredAlert[]): void {
  console.log(`machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), Node.js ${process.version}; one process`);
  console.log(`alerts by TLP: ${tally(alerts.map((r) => r.alert.tlp))}; by origin: ${tally(alerts.map((r) => r.alert.origin))}`);
  console.log(`indicators by type: ${tally(alerts.flatMap((r) => (r.alert.indicators ?? []).map((i) => i.type)))}`);
}

/** The detail line of one workload, and its median rate. */
function report(workload: Workload, work: Sample[], base: Sample[]): number {
  const { name, unit } = workload;
  const rate = median(work.map(perSecond));
  const ratio = median(work.map((sample, r) => perSecond(sample) / perSecond(base[r])));
  const cpuRatio = median(work.map((sample, r) => cpuUsPerItem(sample) / cpuUsPerItem(base[r])));
  console.log(
    `${name}: ${round(rate, 0)} ${unit}s/s, ${round(median(work.map(cpuUsPerItem)), 2)} CPU µs/${unit} ` +
      `(rounds ${work.map((s) => round(perSecond(s), 0)).join(', ')}); JSON.parse of the same bytes ${round(median(base.map(perSecond)), 0)} ${unit}s/s, ` +
      `${round(median(base.map(cpuUsPerItem)), 2)} CPU µs/${unit}; rate ratio ${round(ratio, 3)}, CPU ${round(cpuRatio, 1)}× the parse`,
  );
  return rate;
}

async function main(): Promise<void> {
  const alerts = makeAlerts(ALERTS);
  describeInputs(alerts);
  const list = await workloads(alerts);
  for (const workload of list) await workload.run(); // warm up, and check once before timing
  const work = list.map((): Sample[] => []);
  const base = list.map((): Sample[] => []);
  for (let r = 0; r < ROUNDS; r += 1) {
    for (const [w, workload] of list.entries()) {
      base[w].push(await timed(() => parseAll(workload.inputs, workload.units), MIN_MS));
      work[w].push(await timed(workload.run, MIN_MS));
    }
    console.log(`round ${r + 1}/${ROUNDS}: ${list.map((wl, w) => `${wl.name} ${round(perSecond(work[w][r]), 0)}/s`).join(', ')}`);
  }
  const rates = list.map((workload, w) => report(workload, work[w], base[w]));
  // The baseline of the headline: every document the imports take, bundles, events and reports together.
  const documents = Array.from({ length: ROUNDS }, (_, r): Sample => {
    const samples = base.filter((_samples, w) => list[w].documents).map((samples) => samples[r]);
    const sum = (field: keyof Sample): number => samples.reduce((n, s) => n + s[field], 0);
    return { items: sum('items'), seconds: sum('seconds'), cpuUs: sum('cpuUs') };
  });
  const parse = median(documents.map(perSecond));
  console.log(
    `json_parse: ${round(parse, 0)} documents/s, ${round(median(documents.map(cpuUsPerItem)), 2)} CPU µs/document (bundles, events and reports together)`,
  );
  const [taxii, stix, misp, spam] = rates.map((rate) => round(rate, 0));
  console.log(
    `bench:interop taxii_objects_per_s=${taxii} stix_import_per_s=${stix} misp_import_per_s=${misp} spam_reports_per_s=${spam} json_parse_per_s=${round(parse, 0)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
