import type { Alert } from '@cirtmesh/contracts';
import { DomainError } from '@cirtmesh/contracts';
import { stixBundle } from './export';
import { draftsFromStix } from './import';
import { StixInvalidError } from './import-document';
import { TLP2_EXTENSION_ID, tlpMarking } from './tlp';

const TLP1 = {
  WHITE: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
  GREEN: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da',
  AMBER: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
  RED: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed',
};
const TIME = { spec_version: '2.1', created: '2024-03-01T10:00:00.000Z', modified: '2024-03-01T10:00:00.000Z' };
const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const indicator = (n: number, pattern: string, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  id: `indicator--${uuid(n)}`,
  ...TIME,
  pattern,
  pattern_type: 'stix',
  valid_from: TIME.created,
  ...extra,
});
const report = (refs: string[], extra: Record<string, unknown> = {}) => ({
  type: 'report',
  id: `report--${uuid(99)}`,
  ...TIME,
  name: 'Botnet C2 servers',
  published: TIME.created,
  object_refs: refs,
  ...extra,
});
const bundle = (...objects: unknown[]) => ({ type: 'bundle', id: `bundle--${uuid(0)}`, objects });

const IP = indicator(1, "[ipv4-addr:value = '192.0.2.7']");
const DOMAIN = indicator(2, "[domain-name:value = 'c2.example']");

describe(draftsFromStix.name, () => {
  it('makes one draft of a report, with the indicators it refers to and a key of its version', () => {
    const result = draftsFromStix(
      bundle(
        report([IP.id, DOMAIN.id], {
          description: 'Seen in March',
          labels: ['cirtmesh:category=botnet', 'cirtmesh:severity=critical'],
          external_references: [
            { source_name: 'vendor', url: 'https://vendor.example/r/1' },
            { source_name: 'cve', external_id: 'CVE-2024-1' },
          ],
        }),
        IP,
        DOMAIN,
      ),
    );
    expect(result).toEqual({
      drafts: [
        {
          key: `stix:report--${uuid(99)}@2024-03-01T10:00:00.000Z`,
          what: `report--${uuid(99)}`,
          submission: {
            title: 'Botnet C2 servers',
            description: 'Seen in March',
            category: 'botnet',
            severity: 'critical',
            references: ['https://vendor.example/r/1'],
            indicators: [
              { type: 'ipv4', value: '192.0.2.7' },
              { type: 'domain', value: 'c2.example' },
            ],
          },
        },
      ],
      skipped: [],
    });
  });

  it('reads a TAXII envelope, and gives the same keys on a second import', () => {
    const envelope = { more: true, next: 'abc', objects: [report([IP.id]), IP] };
    const first = draftsFromStix(envelope);
    expect(first.drafts).toHaveLength(1);
    expect(draftsFromStix(JSON.parse(JSON.stringify(envelope)))).toEqual(first);
  });

  it('takes the latest version of an object, and a new version gives a new key', () => {
    const later = report([IP.id, DOMAIN.id], { modified: '2024-03-02T10:00:00.000Z' });
    const { drafts } = draftsFromStix(bundle(report([IP.id]), later, IP, DOMAIN));
    expect(drafts.map((d) => d.key)).toEqual([`stix:report--${uuid(99)}@2024-03-02T10:00:00.000Z`]);
    expect(drafts[0].submission.indicators).toHaveLength(2);
  });

  it.each([
    [[TLP1.WHITE], 'CLEAR'],
    [[TLP1.GREEN], 'GREEN'],
    [[TLP1.AMBER], 'AMBER'],
    [[TLP1.RED], 'RED'],
    [[tlpMarking('AMBER+STRICT').id], 'AMBER+STRICT'],
    [[tlpMarking('CLEAR').id, TLP1.AMBER], 'AMBER'],
    [[TLP1.RED, tlpMarking('AMBER+STRICT').id, TLP1.GREEN], 'RED'],
  ])('reads the TLP of the markings %j as %s, the strictest winning', (refs, tlp) => {
    expect(draftsFromStix(bundle(report([IP.id], { object_marking_refs: refs }), IP)).drafts[0].submission.tlp).toBe(tlp);
  });

  it('takes the strictest TLP of the report and the indicators it draws from', () => {
    const red = { ...IP, object_marking_refs: [tlpMarking('RED').id] };
    const { drafts } = draftsFromStix(bundle(report([IP.id], { object_marking_refs: [TLP1.GREEN] }), red));
    expect(drafts[0].submission.tlp).toBe('RED');
  });

  it('reads TLP marking definitions of the document by their content, and leaves tlp out without one', () => {
    const marking = (n: number, content: Record<string, unknown>) => ({
      type: 'marking-definition',
      id: `marking-definition--${uuid(n)}`,
      spec_version: '2.1',
      created: TIME.created,
      ...content,
    });
    const statement = marking(50, { definition_type: 'statement', definition: { statement: 'Copyright' } });
    const tlp1 = marking(51, { definition_type: 'tlp', definition: { tlp: 'amber' } });
    const tlp2 = marking(52, { extensions: { [TLP2_EXTENSION_ID]: { tlp_2_0: 'red' } } });
    const markedWith = (...objects: Array<{ id: string }>) =>
      draftsFromStix(bundle(report([IP.id], { object_marking_refs: objects.map((o) => o.id) }), IP, ...objects)).drafts[0].submission;
    expect(markedWith(tlp1).tlp).toBe('AMBER');
    expect(markedWith(tlp2, tlp1).tlp).toBe('RED');
    expect(markedWith(statement)).not.toHaveProperty('tlp');
  });

  it.each([
    [{ labels: ['cirtmesh:category=ddos'] }, 'ddos'],
    [{ report_types: ['malware'] }, 'malware'],
    [{ labels: ['Ransomware'] }, 'malware'],
    [{ labels: ['phishing'], report_types: ['threat-report'] }, 'phishing'],
    [{ report_types: ['threat-report'], labels: ['cirtmesh:category=nonsense'] }, 'other'],
  ])('reads the category of %j as %s, and medium severity without a label', (extra, category) => {
    const { submission } = draftsFromStix(bundle(report([IP.id], extra), IP)).drafts[0];
    expect(submission).toMatchObject({ category, severity: 'medium' });
  });

  it('turns vulnerabilities into cve indicators', () => {
    const vulnerability = (n: number, extra: Record<string, unknown>) => ({
      type: 'vulnerability',
      id: `vulnerability--${uuid(n)}`,
      ...TIME,
      ...extra,
    });
    const byReference = vulnerability(10, {
      name: 'XZ backdoor',
      external_references: [{ source_name: 'cve', external_id: 'CVE-2024-3094' }],
    });
    const byName = vulnerability(11, { name: 'cve-2021-44228' });
    const unnamed = vulnerability(12, { name: 'Some flaw' });
    const result = draftsFromStix(bundle(report([byReference.id, byName.id, unnamed.id]), byReference, byName, unnamed));
    expect(result.drafts[0].submission.indicators).toEqual([
      { type: 'cve', value: 'CVE-2024-3094' },
      { type: 'cve', value: 'CVE-2021-44228' },
    ]);
    expect(result.skipped).toEqual([{ what: unnamed.id, reason: 'it names no CVE id' }]);
  });

  it('groups indicators that no report refers to into one draft, titled by the first that has a name', () => {
    const named = indicator(3, "[url:value = 'https://c2.example/gate.php']", { name: 'Gate URL' });
    const result = draftsFromStix(bundle(IP, named, DOMAIN));
    expect(result.drafts).toEqual([
      {
        key: expect.stringMatching(/^stix:indicators:[0-9a-f]{64}$/),
        what: '3 STIX objects that no report refers to',
        submission: {
          title: 'Gate URL',
          category: 'other',
          severity: 'medium',
          indicators: [
            { type: 'ipv4', value: '192.0.2.7' },
            { type: 'url', value: 'https://c2.example/gate.php' },
            { type: 'domain', value: 'c2.example' },
          ],
        },
      },
    ]);
    expect(draftsFromStix(bundle(DOMAIN, named, IP)).drafts[0].key).toBe(result.drafts[0].key);
    expect(draftsFromStix(bundle(IP, DOMAIN)).drafts[0].submission.title).toBe('Indicators imported from STIX');
    expect(draftsFromStix(bundle(IP, { ...DOMAIN, modified: '2024-03-05T00:00:00.000Z' })).drafts[0].key).not.toBe(
      draftsFromStix(bundle(IP, DOMAIN)).drafts[0].key,
    );
  });

  it('leaves loose indicators out when asked to', () => {
    expect(draftsFromStix(bundle(IP), { looseIndicators: 'skip' })).toEqual({
      drafts: [],
      skipped: [{ what: IP.id, reason: 'no report refers to it' }],
    });
  });

  it('skips what it cannot map, naming each object and why', () => {
    const and = indicator(4, "[ipv4-addr:value = '192.0.2.1' AND domain-name:value = 'a.example']");
    const sigma = indicator(5, 'title: x', { pattern_type: 'sigma' });
    const x509 = indicator(6, "[x509-certificate:serial_number = '01']");
    const revoked = indicator(7, "[ipv4-addr:value = '192.0.2.9']", { revoked: true });
    const malware = { type: 'malware', id: `malware--${uuid(8)}`, ...TIME, is_family: true, name: 'Emotet' };
    const missing = `indicator--${uuid(9)}`;
    const result = draftsFromStix(
      bundle(report([IP.id, and.id, sigma.id, x509.id, revoked.id, malware.id, missing]), IP, and, sigma, x509, revoked, malware, 42),
    );
    expect(result.drafts[0].submission.indicators).toEqual([{ type: 'ipv4', value: '192.0.2.7' }]);
    expect(result.skipped).toEqual([
      { what: 'objects[7]', reason: 'not a STIX object: a JSON object with a string type and id' },
      { what: missing, reason: `report--${uuid(99)} refers to it, but it is not in the document` },
      { what: and.id, reason: 'comparisons joined by AND are not mapped' },
      { what: sigma.id, reason: 'a "sigma" pattern is not mapped, only STIX patterns' },
      { what: x509.id, reason: 'the object path x509-certificate:serial_number is not mapped' },
      { what: revoked.id, reason: 'it is revoked' },
      { what: malware.id, reason: 'a malware is not mapped to an alert' },
    ]);
  });

  it('skips a report without a name, and a revoked one', () => {
    expect(draftsFromStix(bundle(report([IP.id], { name: '' }), IP)).skipped).toEqual([
      { what: `report--${uuid(99)}`, reason: 'it has no name' },
    ]);
    expect(draftsFromStix(bundle(report([IP.id], { revoked: true }), IP))).toEqual({
      drafts: [],
      skipped: [{ what: `report--${uuid(99)}`, reason: 'it is revoked' }],
    });
  });

  it('reads what misp-stix writes: TLP 1.0 markings, the network-traffic address form, AS numbers as strings', () => {
    const misp = [
      indicator(20, "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.5']"),
      indicator(21, "[autonomous-system:number = '174']"),
      indicator(22, "[file:hashes.md5 = 'd41d8cd98f00b204e9800998ecf8427e']"),
    ];
    const { drafts } = draftsFromStix(
      bundle(
        report(
          misp.map((i) => i.id),
          { object_marking_refs: [TLP1.WHITE] },
        ),
        ...misp,
      ),
    );
    expect(drafts[0].submission).toMatchObject({
      tlp: 'CLEAR',
      indicators: [
        { type: 'ipv4', value: '203.0.113.5' },
        { type: 'asn', value: 'AS174' },
        { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      ],
    });
  });

  it('gives nothing for an empty bundle or an empty TAXII envelope', () => {
    expect(draftsFromStix({ type: 'bundle', id: `bundle--${uuid(0)}` })).toEqual({ drafts: [], skipped: [] });
    expect(draftsFromStix({})).toEqual({ drafts: [], skipped: [] });
    expect(draftsFromStix({ more: false })).toEqual({ drafts: [], skipped: [] });
  });

  it.each([
    [null, 'got null'],
    ['{"type":"bundle"}', 'got a string'],
    [[IP], 'got an array'],
    [IP, 'got a single "indicator" object: put it in a bundle'],
    [{ type: 'bundle', id: `bundle--${uuid(0)}`, objects: 'none' }, 'objects is not a list'],
    [{ indicators: [IP] }, 'objects is missing'],
  ])('refuses %j: %s', (document, message) => {
    const error = (() => {
      try {
        draftsFromStix(document);
      } catch (thrown) {
        return thrown;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(StixInvalidError);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'STIX_INVALID', message: expect.stringContaining(message) });
    expect((error as Error).message).toContain('expected a STIX 2.1 bundle');
  });

  it('reads back an exported alert', () => {
    const alert: Alert = {
      id: '0190e7a4-0000-7000-8000-000000000001',
      origin: 'ke',
      createdAt: '2026-11-22T11:00:00.000Z',
      title: 'Scan from 192.0.2.0/24',
      category: 'scanning',
      severity: 'low',
      tlp: 'GREEN',
      scope: 'global',
      indicators: [{ type: 'cidr', value: '192.0.2.0/24' }],
    };
    expect(draftsFromStix(stixBundle([{ alert, origin: { id: 'ke' } }]))).toMatchObject({
      drafts: [{ submission: { title: alert.title, category: 'scanning', severity: 'low', tlp: 'GREEN', indicators: alert.indicators } }],
      skipped: [],
    });
  });
});
