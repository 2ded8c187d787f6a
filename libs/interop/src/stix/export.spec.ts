import type { Alert } from '@cirtmesh/contracts';
import { v5 as uuidv5 } from 'uuid';
import { stixBundle, stixObjectsFor } from './export';
import { CIRTMESH_STIX_NAMESPACE, isStixId } from './ids';
import { isTlp2Marking, tlpMarking } from './tlp';
import type { StixIndicator, StixVulnerability } from './types';
import { checkStixBundle } from './validate';

const ALERT_ID = '0190e7a4-0000-7000-8000-000000000001';
const KE = { id: 'ke', name: 'KE-CIRT' };

const alert = (overrides: Partial<Alert> = {}): Alert => ({
  id: ALERT_ID,
  origin: 'ke',
  createdAt: '2026-11-22T11:00:00Z',
  title: 'Phishing wave against banks',
  description: 'Credential phishing kit',
  category: 'phishing',
  severity: 'high',
  tlp: 'AMBER',
  scope: 'regional',
  recipients: ['zz-recipient'],
  groups: ['mou-secret-group'],
  indicators: [
    { type: 'ipv4', value: '192.0.2.7' },
    { type: 'ipv6', value: '2001:db8::1' },
    { type: 'cidr', value: '198.51.100.0/24' },
    { type: 'domain', value: 'login.bank.example' },
    { type: 'url', value: "https://login.bank.example/it's\\here" },
    { type: 'email', value: 'jane.doe@bank.example' },
    { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
    { type: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
    { type: 'sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    { type: 'cve', value: 'CVE-2024-3094' },
    { type: 'asn', value: 'AS64496' },
    { type: 'cve', value: 'CVE-2024-3094' },
  ],
  references: ['https://report.example/1'],
  ...overrides,
});

const indicatorsOf = (a: Alert) => stixObjectsFor(a, KE).own.filter((o): o is StixIndicator => o.type === 'indicator');

describe(stixObjectsFor.name, () => {
  it('writes one pattern per indicator type, strings escaped', () => {
    expect(indicatorsOf(alert()).map((i) => [i.labels, i.pattern])).toEqual([
      [['cirtmesh:type=ipv4'], "[ipv4-addr:value = '192.0.2.7']"],
      [['cirtmesh:type=ipv6'], "[ipv6-addr:value = '2001:db8::1']"],
      [['cirtmesh:type=cidr'], "[ipv4-addr:value = '198.51.100.0/24']"],
      [['cirtmesh:type=domain'], "[domain-name:value = 'login.bank.example']"],
      [['cirtmesh:type=url'], "[url:value = 'https://login.bank.example/it\\'s\\\\here']"],
      [['cirtmesh:type=email'], "[email-addr:value = 'jane.doe@bank.example']"],
      [['cirtmesh:type=md5'], "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']"],
      [['cirtmesh:type=sha1'], "[file:hashes.'SHA-1' = 'da39a3ee5e6b4b0d3255bfef95601890afd80709']"],
      [['cirtmesh:type=sha256'], "[file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']"],
      [['cirtmesh:type=asn'], '[autonomous-system:number = 64496]'],
    ]);
  });

  it('makes a report of the alert that refers to everything it exports', () => {
    const { shared, own } = stixObjectsFor(alert(), KE);
    const [report, ...parts] = own;
    expect(report).toMatchObject({
      type: 'report',
      spec_version: '2.1',
      id: `report--${uuidv5(ALERT_ID, CIRTMESH_STIX_NAMESPACE)}`,
      name: 'Phishing wave against banks',
      description: 'Credential phishing kit',
      created: '2026-11-22T11:00:00.000Z',
      modified: '2026-11-22T11:00:00.000Z',
      published: '2026-11-22T11:00:00.000Z',
      report_types: ['threat-report'],
      labels: ['cirtmesh:category=phishing', 'cirtmesh:severity=high', 'cirtmesh:scope=regional'],
      external_references: [
        { source_name: 'cirtmesh', external_id: ALERT_ID },
        { source_name: 'reference', url: 'https://report.example/1' },
      ],
    });
    expect(report.object_refs).toEqual([...parts.map((p) => p.id), shared[0].id]);
  });

  it('marks and signs every object of the alert, and leaves the identity and the marking unmarked', () => {
    const { shared, own } = stixObjectsFor(alert(), KE);
    const [identity, marking] = shared;
    expect(identity).toEqual({
      type: 'identity',
      spec_version: '2.1',
      id: `identity--${uuidv5('node:ke', CIRTMESH_STIX_NAMESPACE)}`,
      created: '2020-01-01T00:00:00.000Z',
      modified: '2020-01-01T00:00:00.000Z',
      name: 'KE-CIRT',
      identity_class: 'organization',
    });
    expect(marking).toEqual(tlpMarking('AMBER'));
    for (const object of own) expect(object).toMatchObject({ created_by_ref: identity.id, object_marking_refs: [marking.id] });
  });

  it('names an origin without a name by its id', () => {
    expect(stixObjectsFor(alert(), { id: 'ke' }).shared[0].name).toBe('ke');
  });

  it('makes one vulnerability per CVE, named by it', () => {
    const vulnerabilities = stixObjectsFor(alert(), KE).own.filter((o): o is StixVulnerability => o.type === 'vulnerability');
    expect(vulnerabilities).toEqual([
      expect.objectContaining({
        id: `vulnerability--${uuidv5(`${ALERT_ID}:cve:CVE-2024-3094`, CIRTMESH_STIX_NAMESPACE)}`,
        name: 'CVE-2024-3094',
        external_references: [{ source_name: 'cve', external_id: 'CVE-2024-3094' }],
      }),
    ]);
  });

  it('makes indicators valid from the embargo, else from creation, until validUntil when that is later', () => {
    const embargoed = indicatorsOf(alert({ notBefore: '2026-11-23T00:00:00+02:00', validUntil: '2026-12-01T00:00:00Z' }))[0];
    expect(embargoed).toMatchObject({ valid_from: '2026-11-22T22:00:00.000Z', valid_until: '2026-12-01T00:00:00.000Z' });
    expect(embargoed.indicator_types).toEqual(['malicious-activity']);
    expect(indicatorsOf(alert())[0].valid_from).toBe('2026-11-22T11:00:00.000Z');
    expect(indicatorsOf(alert({ validUntil: '2026-11-22T11:00:00.000Z' }))[0]).not.toHaveProperty('valid_until');
  });

  it('gives the same objects on every call, with ids that are not the alert id', () => {
    const first = stixObjectsFor(alert(), KE);
    expect(stixObjectsFor(alert(), KE)).toEqual(first);
    const ids = [...first.shared, ...first.own].map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(isStixId(id)).toBe(true);
    expect(JSON.stringify(first)).not.toContain(`--${ALERT_ID}`);
  });

  it('never exports recipients or groups', () => {
    const text = JSON.stringify(stixObjectsFor(alert(), KE));
    expect(text).not.toContain('zz-recipient');
    expect(text).not.toContain('mou-secret-group');
  });

  it('refers the report to the origin when the alert has no indicators', () => {
    const { shared, own } = stixObjectsFor(alert({ indicators: undefined, references: undefined, description: undefined }), KE);
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject({
      object_refs: [shared[0].id],
      external_references: [{ source_name: 'cirtmesh', external_id: ALERT_ID }],
    });
    expect(own[0]).not.toHaveProperty('description');
  });
});

describe(stixBundle.name, () => {
  const second = alert({ id: '0190e7a4-0000-7000-8000-000000000002', tlp: 'RED', indicators: [{ type: 'ipv4', value: '192.0.2.8' }] });

  it('carries each shared object once, and passes the STIX checks', () => {
    const bundle = stixBundle([
      { alert: alert(), origin: KE },
      { alert: second, origin: KE },
    ]);
    expect(bundle).not.toHaveProperty('spec_version');
    expect(isStixId(bundle.id, 'bundle')).toBe(true);
    expect(checkStixBundle(bundle)).toEqual([]);
    const types = bundle.objects!.map((o) => o.type);
    expect(types.filter((t) => t === 'identity')).toHaveLength(1);
    expect(types.filter((t) => t === 'marking-definition')).toHaveLength(2);
    expect(types.filter((t) => t === 'report')).toHaveLength(2);
    for (const marking of bundle.objects!.filter((o) => o.type === 'marking-definition')) expect(isTlp2Marking({ ...marking })).toBe(true);
  });

  it('is the same bundle for the same alerts, and an empty one for none', () => {
    const entries = [{ alert: alert(), origin: KE }];
    expect(stixBundle(entries)).toEqual(stixBundle(entries));
    const empty = stixBundle([]);
    expect(empty).not.toHaveProperty('objects');
    expect(checkStixBundle(empty)).toEqual([]);
  });
});
