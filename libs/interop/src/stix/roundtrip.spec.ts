import { CATEGORIES, checkIndicatorValue, SCOPES, SEVERITIES, TLPS, type Alert, type IndicatorType } from '@cirtmesh/contracts';
import fc from 'fast-check';
import type { DraftIndicator } from '../draft';
import { stixBundle, stixObjectsFor, type StixOrigin } from './export';
import { draftsFromStix } from './import';
import { checkStixBundle } from './validate';

const hex = (length: number) => fc.stringMatching(new RegExp(`^[0-9a-fA-F]{${length}}$`));
const instant = fc
  .date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());

/** Indicators of every type, each a value the alert contract accepts. */
const VALUES: Record<IndicatorType, fc.Arbitrary<string>> = {
  ipv4: fc.ipV4(),
  ipv6: fc.ipV6(),
  cidr: fc.oneof(
    fc.tuple(fc.ipV4(), fc.integer({ min: 0, max: 32 })).map(([ip, bits]) => `${ip}/${bits}`),
    fc.tuple(fc.ipV6(), fc.integer({ min: 0, max: 128 })).map(([ip, bits]) => `${ip}/${bits}`),
  ),
  domain: fc.domain(),
  url: fc.webUrl({ withQueryParameters: true, withFragments: true }),
  email: fc.emailAddress(),
  md5: hex(32),
  sha1: hex(40),
  sha256: hex(64),
  cve: fc.stringMatching(/^CVE-\d{4}-\d{4,7}$/),
  asn: fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((n) => `AS${n}`),
};
const indicatorArb: fc.Arbitrary<DraftIndicator> = fc
  .constantFrom(...(Object.keys(VALUES) as IndicatorType[]))
  .chain((type) => VALUES[type].map((value) => ({ type, value })))
  .filter(({ type, value }) => checkIndicatorValue(type, value).ok);

const alertArb: fc.Arbitrary<Alert> = fc.record(
  {
    id: fc.uuid({ version: 7 }),
    origin: fc.stringMatching(/^[a-z][a-z0-9-]{0,31}$/),
    createdAt: instant,
    title: fc.string({ minLength: 1, maxLength: 200, unit: 'binary' }),
    description: fc.string({ maxLength: 300 }),
    category: fc.constantFrom(...CATEGORIES),
    severity: fc.constantFrom(...SEVERITIES),
    tlp: fc.constantFrom(...TLPS),
    scope: fc.constantFrom(...SCOPES),
    indicators: fc.uniqueArray(indicatorArb, { maxLength: 12, selector: (i) => `${i.type} ${i.value}` }),
    references: fc.uniqueArray(fc.webUrl(), { maxLength: 3 }),
    notBefore: instant,
    validUntil: instant,
    recipients: fc.array(fc.constantFrom('jp', 'ng'), { minLength: 1 }),
  },
  { requiredKeys: ['id', 'origin', 'createdAt', 'title', 'category', 'severity', 'tlp', 'scope'] },
);
const originOf = (alert: Alert, name?: string): StixOrigin => ({ id: alert.origin, ...(name ? { name } : {}) });
const sorted = (indicators: DraftIndicator[] = []) => indicators.map((i) => `${i.type} ${i.value}`).sort();

describe('STIX export and import', () => {
  it('give back the title, TLP, category, severity, description, references and indicators of any alert', () => {
    fc.assert(
      fc.property(alertArb, fc.option(fc.string({ minLength: 1 }), { nil: undefined }), (alert, name) => {
        const bundle = stixBundle([{ alert, origin: originOf(alert, name) }]);
        expect(checkStixBundle(bundle)).toEqual([]);
        const { drafts, skipped } = draftsFromStix(JSON.parse(JSON.stringify(bundle)));
        expect(skipped).toEqual([]);
        expect(drafts).toHaveLength(1);
        const { submission } = drafts[0];
        expect(submission).toMatchObject({ title: alert.title, tlp: alert.tlp, category: alert.category, severity: alert.severity });
        expect(submission.description).toBe(alert.description || undefined);
        expect(submission.references ?? []).toEqual(alert.references ?? []);
        expect(sorted(submission.indicators)).toEqual(sorted(alert.indicators));
      }),
    );
  });

  it('export the same objects every time, and bundles of many alerts pass the STIX checks', () => {
    fc.assert(
      fc.property(fc.array(alertArb, { maxLength: 4 }), (alerts) => {
        const entries = alerts.map((alert) => ({ alert, origin: originOf(alert) }));
        expect(checkStixBundle(stixBundle(entries))).toEqual([]);
        for (const { alert, origin } of entries) expect(stixObjectsFor(alert, origin)).toEqual(stixObjectsFor({ ...alert }, { ...origin }));
      }),
      { numRuns: 50 },
    );
  });
});
