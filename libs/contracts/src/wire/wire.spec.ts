import { AlertEvent } from '../alert';
import { FeedbackEvent } from '../feedback';
import { checkSchema } from '../mappers';
import { ReceiptEvent } from '../receipt';
import { wireCheck } from './check';

/**
 * The contract between the two validators: for every variant of a valid event below (each field
 * removed, nulled, of the wrong type, empty, too long, malformed; unknown fields), the compiled wire
 * check and the class-validator classes give the same verdict, with one known exception where the
 * wire check is stricter: class-validator's `@ValidateNested` lets a nested object that is missing
 * or not an object at all through (an event without `data`, an outcome that is `null`).
 */
type Json = Record<string, unknown>;

const alertEvent = (): Json => ({
  specversion: '1.0',
  id: '01a201ed-9ddc-746a-8036-7b6ac8851935',
  source: 'cirtmesh://node/ke',
  type: 'org.cirtmesh.alert.v1',
  time: '2026-11-22T06:00:00.000Z',
  datacontenttype: 'application/json',
  tlp: 'AMBER',
  severity: 'high',
  category: 'phishing',
  scope: 'global',
  sigalg: 'ed25519',
  sigkid: 'ke-2026',
  sig: 'A'.repeat(86),
  data: {
    title: 'Phishing kit on a ministry look-alike',
    description: 'Credential harvesting.',
    category: 'phishing',
    severity: 'high',
    tlp: 'AMBER',
    scope: 'global',
    recipients: ['ng', 'jp'],
    groups: ['mou-ke-jp'],
    indicators: [
      { type: 'domain', value: 'ministry-login.example' },
      { type: 'ipv4', value: '198.51.100.7' },
      { type: 'cidr', value: '203.0.113.0/24' },
      { type: 'sha256', value: 'a'.repeat(64) },
    ],
    sectors: ['government'],
    references: ['https://cert.example/advisories/1'],
    validUntil: '2026-12-22T06:00:00Z',
    notBefore: '2026-11-22',
    id: '01a201ed-9ddc-746a-8036-7b6ac8851935',
    origin: 'ke',
    createdAt: '2026-11-22T06:00:00.000Z',
    campaign: { reports: 3, firstSeen: '2026-11-22T05:00:00Z', lastSeen: '2026-11-22T05:30:00Z', types: ['spam'] },
  },
});

const receiptEvent = (): Json => ({
  specversion: '1.0',
  id: '01a201ed-9ddc-746a-8036-7b6ac8851936',
  source: 'cirtmesh://hub/africa',
  type: 'org.cirtmesh.receipt.v1',
  time: '2026-11-22T06:00:01.000Z',
  datacontenttype: 'application/json',
  data: {
    alertId: '01a201ed-9ddc-746a-8036-7b6ac8851935',
    origin: 'ke',
    hub: 'africa',
    outcomes: [
      {
        recipient: 'ng',
        outcome: 'delivered',
        reasons: [{ code: 'OPEN', text: 'open policy' }],
        hub: 'africa',
        decidedAt: '2026-11-22T06:00:01.000Z',
        policy: 'v1',
        redactions: [{ field: 'description', action: 'remove' }],
        notBefore: '2026-11-22T07:00:00Z',
      },
    ],
  },
});

const feedbackEvent = (): Json => ({
  specversion: '1.0',
  id: '01a201ed-9ddc-746a-8036-7b6ac8851937',
  source: 'cirtmesh://node/ng',
  type: 'org.cirtmesh.feedback.v1',
  time: '2026-11-22T06:00:02.000Z',
  datacontenttype: 'application/json',
  data: {
    alertId: '01a201ed-9ddc-746a-8036-7b6ac8851935',
    origin: 'ke',
    from: 'ng',
    kind: 'sighting',
    at: '2026-11-22T06:00:02.000Z',
    note: 'seen here too',
    sighting: { count: 4, firstSeen: '2026-11-22T05:00:00Z', lastSeen: '2026-11-22T06:00:00Z', note: 'mail logs' },
  },
});

const WRONG_VALUES: unknown[] = [
  undefined,
  null,
  42,
  1.5,
  0,
  true,
  '',
  'x'.repeat(300),
  'not a thing',
  '2026-02-30T00:00:00Z',
  'ftp://example.org/x',
  [],
  ['x'],
  [{}],
  {},
  'ZZ',
];

/** Every path to a value in `doc`, objects and arrays included. */
function paths(doc: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof doc !== 'object' || doc === null) return [prefix];
  const entries = Array.isArray(doc) ? doc.map((v, i) => [i, v] as const) : Object.entries(doc);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function withValue(doc: Json, path: (string | number)[], value: unknown): Json {
  const copy = structuredClone(doc);
  let at: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined && !Array.isArray(at)) delete at[last];
  else at[last] = value;
  return copy;
}

interface Variant {
  doc: Json;
  /** The variant replaced a nested object with something that is not one. */
  objectReplaced: boolean;
  what: string;
}

const valueAt = (doc: Json, path: (string | number)[]): unknown =>
  path.reduce<unknown>((o, k) => (o as Record<string | number, unknown>)[k], doc);
const isObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

function variants(valid: Json): Variant[] {
  const all = paths(valid).filter((p) => p.length > 0);
  return [
    { doc: valid, objectReplaced: false, what: 'the valid event' },
    ...all.flatMap((p) =>
      WRONG_VALUES.map((v) => ({
        doc: withValue(valid, p, v),
        objectReplaced: isObject(valueAt(valid, p)) && !isObject(v),
        what: `${p.join('.')} = ${JSON.stringify(v)?.slice(0, 40) ?? 'removed'}`,
      })),
    ),
    ...paths(valid)
      .filter((p) => isObject(valueAt(valid, p)))
      .map((p) => ({ doc: withValue(valid, [...p, 'unexpected'], 'x'), objectReplaced: false, what: `${p.join('.')}.unexpected added` })),
  ];
}

function classVerdict<T extends object>(cls: new () => T, doc: unknown): boolean {
  const problems: string[] = [];
  checkSchema(cls, doc, problems);
  return problems.length === 0;
}

describe('wire checks agree with the contract classes', () => {
  const cases: [string, () => Json, new () => object, (doc: unknown) => { problems: string[] }][] = [
    ['alert', alertEvent, AlertEvent, wireCheck.alert],
    ['receipt', receiptEvent, ReceiptEvent, wireCheck.receipt],
    ['feedback', feedbackEvent, FeedbackEvent, wireCheck.feedback],
  ];

  it.each(cases)('%s events: the same verdict on every variant', (_name, valid, cls, wire) => {
    const docs = variants(valid());
    expect(docs.length).toBeGreaterThan(100);
    const disagreements = docs
      .map(({ doc, objectReplaced, what }) => ({
        what,
        objectReplaced,
        classes: classVerdict(cls, doc),
        wire: wire(doc).problems.length === 0,
      }))
      .filter((c) => c.classes !== c.wire && !(c.objectReplaced && !c.wire))
      .map((c) => `classes ${c.classes ? 'accept' : 'refuse'}, wire ${c.wire ? 'accepts' : 'refuses'}: ${c.what}`);
    expect(disagreements).toEqual([]);
    expect(wire(valid()).problems).toEqual([]);
  });

  it('names the field that is wrong', () => {
    const doc = withValue(alertEvent(), ['data', 'indicators', 1, 'value'], '999.1.1.1');
    expect(wireCheck.alert(doc).problems.join(' ')).toMatch(/data\.indicators\.1\.value: value must be/);
    expect(wireCheck.alert(withValue(alertEvent(), ['data', 'extra'], 1)).problems.join(' ')).toMatch(/data: .*\(extra\)/);
  });

  it('asks restricted TLP for named recipients, as the classes do', () => {
    const none = withValue(withValue(alertEvent(), ['data', 'recipients'], undefined), ['data', 'groups'], undefined);
    expect(classVerdict(AlertEvent, none)).toBe(false);
    expect(wireCheck.alert(none).problems.join(' ')).toMatch(/recipient or group/);
  });
});
