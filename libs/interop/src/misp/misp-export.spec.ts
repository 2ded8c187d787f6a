import { createHash } from 'node:crypto';
import type { Alert, StoredAlert } from '@cirtmesh/contracts';
import { draftsFromMisp } from './misp-import';
import { mispEventFor } from './misp-export';
import { mispHashesCsvLines, mispManifestEntry } from './misp-feed';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const alert: Alert = {
  id: '01900000-0000-7000-8000-00000000abcd',
  origin: 'ke',
  createdAt: '2024-06-01T10:20:30.456Z',
  title: 'Botnet C2 on 198.51.100.0/24',
  description: 'Controllers seen by the national sensor network.',
  category: 'botnet',
  severity: 'critical',
  tlp: 'AMBER',
  scope: 'regional',
  recipients: ['jp'],
  groups: ['mou-ke-jp'],
  indicators: [
    { type: 'ipv4', value: '192.0.2.7' },
    { type: 'ipv6', value: '2001:db8::7' },
    { type: 'cidr', value: '198.51.100.0/24' },
    { type: 'domain', value: 'c2.example' },
    { type: 'url', value: 'http://c2.example/gate.php' },
    { type: 'email', value: 'ops@c2.example' },
    { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
    { type: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
    { type: 'sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    { type: 'cve', value: 'CVE-2024-3094' },
    { type: 'asn', value: 'AS64496' },
  ],
  references: ['https://cert.example/a/1'],
};

describe(mispEventFor.name, () => {
  const { Event } = mispEventFor(alert, { id: 'ke', name: 'KE-CIRT' });

  it('writes the event fields MISP feeds carry, with uuids of version 4 derived from the alert id', () => {
    expect(Event).toMatchObject({
      info: alert.title,
      date: '2024-06-01',
      timestamp: '1717237230',
      publish_timestamp: '1717237230',
      published: true,
      analysis: '2',
      threat_level_id: '1',
      Orgc: { name: 'KE-CIRT' },
      Tag: [{ name: 'tlp:amber' }, { name: 'cirtmesh:category="botnet"' }],
    });
    expect(Event.uuid).toMatch(UUID_V4);
    expect(Event.Orgc.uuid).toMatch(UUID_V4);
    expect(Event.Attribute.every((a) => UUID_V4.test(a.uuid))).toBe(true);
    expect(new Set(Event.Attribute.map((a) => a.uuid)).size).toBe(Event.Attribute.length);
  });

  it('is the same every time, and another alert or node gives other uuids', () => {
    expect(mispEventFor(alert, { id: 'ke', name: 'KE-CIRT' })).toEqual({ Event });
    const other = mispEventFor({ ...alert, id: '01900000-0000-7000-8000-00000000abce' }, { id: 'jp' }).Event;
    expect(other.uuid).not.toBe(Event.uuid);
    expect(other.Orgc).toEqual({ uuid: expect.not.stringMatching(Event.Orgc.uuid), name: 'jp' });
  });

  it('writes one to_ids attribute per indicator, with a type and category MISP pairs, then the description and references', () => {
    expect(Event.Attribute.map((a) => [a.type, a.category, a.value, a.to_ids])).toEqual([
      ['ip-dst', 'Network activity', '192.0.2.7', true],
      ['ip-dst', 'Network activity', '2001:db8::7', true],
      ['ip-dst', 'Network activity', '198.51.100.0/24', true],
      ['domain', 'Network activity', 'c2.example', true],
      ['url', 'Network activity', 'http://c2.example/gate.php', true],
      ['email-src', 'Payload delivery', 'ops@c2.example', true],
      ['md5', 'Payload delivery', 'd41d8cd98f00b204e9800998ecf8427e', true],
      ['sha1', 'Payload delivery', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', true],
      ['sha256', 'Payload delivery', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', true],
      ['vulnerability', 'External analysis', 'CVE-2024-3094', true],
      ['AS', 'Network activity', '64496', true],
      ['text', 'Other', alert.description, false],
      ['link', 'External analysis', 'https://cert.example/a/1', false],
    ]);
    expect(Event.Attribute.every((a) => a.timestamp === '1717237230' && a.comment.includes(alert.id))).toBe(true);
  });

  it('carries no distribution, sharing group, recipients or groups', () => {
    const json = JSON.stringify(Event);
    for (const word of ['distribution', 'SharingGroup', 'sharing_group_id', 'recipients', 'groups', 'mou-ke-jp', '"jp"']) {
      expect(json).not.toContain(word);
    }
  });

  it('reads a stored alert as its alert', () => {
    const stored: StoredAlert = { seq: 4, direction: 'received', storedAt: alert.createdAt, via: ['hub-af'], alert };
    expect(mispEventFor(stored, { id: 'ke', name: 'KE-CIRT' })).toEqual({ Event });
  });

  it.each([
    ['CLEAR', 'tlp:clear'],
    ['GREEN', 'tlp:green'],
    ['AMBER+STRICT', 'tlp:amber+strict'],
    ['RED', 'tlp:red'],
  ] as const)('tags TLP %s as %s', (tlp, name) => {
    expect(mispEventFor({ ...alert, tlp }, { id: 'ke' }).Event.Tag[0]).toEqual({ name, exportable: true });
  });

  it.each([
    ['critical', '1'],
    ['high', '1'],
    ['medium', '2'],
    ['low', '3'],
  ] as const)('writes severity %s as threat level %s', (severity, level) => {
    expect(mispEventFor({ ...alert, severity }, { id: 'ke' }).Event.threat_level_id).toBe(level);
  });

  it('comes back through the import with the same title, TLP, category, indicators, description and references', () => {
    const { drafts, skipped } = draftsFromMisp(mispEventFor(alert, { id: 'ke' }));
    expect(skipped).toEqual([]);
    expect(drafts[0]).toEqual({
      key: `misp:${Event.uuid}@1717237230`,
      what: `MISP event ${Event.uuid}`,
      submission: {
        title: alert.title,
        tlp: 'AMBER',
        category: 'botnet',
        severity: 'high',
        description: alert.description,
        indicators: alert.indicators,
        references: alert.references,
      },
    });
  });
});

describe(mispManifestEntry.name, () => {
  it("is the event's info, creator, tags, date, analysis, threat level and timestamp", () => {
    const document = mispEventFor(alert, { id: 'ke', name: 'KE-CIRT' });
    const { Event } = document;
    expect(mispManifestEntry(document)).toEqual({
      info: Event.info,
      Orgc: Event.Orgc,
      Tag: Event.Tag,
      date: '2024-06-01',
      analysis: '2',
      threat_level_id: '1',
      timestamp: '1717237230',
    });
    expect(mispManifestEntry(Event)).toEqual(mispManifestEntry(document));
  });
});

describe(mispHashesCsvLines.name, () => {
  const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

  it('writes the md5 of each attribute value and the event uuid, one line per value', () => {
    const document = mispEventFor({ ...alert, description: undefined, references: [] }, { id: 'ke' });
    const lines = mispHashesCsvLines(document);
    expect(lines).toHaveLength(alert.indicators!.length);
    expect(lines[0]).toBe(`${md5('192.0.2.7')},${document.Event.uuid}`);
    expect(lines[10]).toBe(`${md5('64496')},${document.Event.uuid}`);
    expect(lines.every((line) => /^[0-9a-f]{32},[0-9a-f-]{36}$/.test(line))).toBe(true);
  });

  it('writes one line per part of a composite value, objects included, hashing UTF-8', () => {
    const { Event } = mispEventFor({ ...alert, indicators: [], description: undefined, references: [] }, { id: 'ke' });
    const file = { type: 'filename|md5', value: 'résumé.exe|d41d8cd98f00b204e9800998ecf8427e' };
    const event = { ...Event, Object: [{ name: 'file', uuid: Event.uuid, Attribute: [{ ...file, uuid: Event.uuid } as never] }] };
    expect(mispHashesCsvLines(event)).toEqual([
      `${md5('résumé.exe')},${Event.uuid}`,
      `${md5('d41d8cd98f00b204e9800998ecf8427e')},${Event.uuid}`,
    ]);
    expect(md5('résumé.exe')).toBe(createHash('md5').update(Buffer.from('résumé.exe', 'utf8')).digest('hex'));
  });
});
