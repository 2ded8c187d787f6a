import { AlertSubmissionDto, checkSchema, DomainError } from '@cirtmesh/contracts';
import event from '../../test/misp-event.json';
import { MISP_MAX_ATTRIBUTES } from './misp-event-draft';
import { MispInvalidError } from './misp-events';
import { draftsFromMisp } from './misp-import';

const UUID = '5e5a2f6e-7b7c-4c6a-9a59-6f0f2c1d3b11';

/** A small event of the given fields, with one indicator. */
function smallEvent(
  fields: Record<string, unknown> = {},
  uuid = '0b7a3c1e-1f2d-4e5f-8a9b-0c1d2e3f4a5b',
): { Event: Record<string, unknown> } {
  return {
    Event: {
      uuid,
      info: 'Scanner at 192.0.2.7',
      timestamp: '1700000000',
      threat_level_id: '3',
      Attribute: [{ uuid: 'a0000000-0000-4000-8000-000000000001', type: 'ip-src', value: '192.0.2.7', to_ids: true }],
      ...fields,
    },
  };
}

describe(draftsFromMisp.name, () => {
  const { drafts, skipped } = draftsFromMisp(event);
  const draft = drafts[0];

  it('makes one draft of a realistic event: title, severity, scope, category, description, references', () => {
    expect(drafts).toHaveLength(1);
    expect(draft.key).toBe(`misp:${UUID}@1715700000`);
    expect(draft.what).toBe(`MISP event ${UUID}`);
    expect(draft.submission).toMatchObject({
      title: 'Phishing wave against national tax portal users',
      severity: 'high',
      scope: 'regional',
      category: 'phishing',
      description: 'Mails lure taxpayers to a fake refund form that drops a loader.',
      references: ['https://cert.example/advisories/2024-17'],
    });
  });

  it('makes a draft that the node accepts as a submission once it adds recipients for AMBER', () => {
    const problems: string[] = [];
    checkSchema(AlertSubmissionDto, { ...draft.submission, recipients: ['jp'] }, problems);
    expect(problems).toEqual([]);
  });

  it('takes the strictest TLP of the event and its attributes, across TLP 1.0 and 2.0 names', () => {
    // The event says tlp:white, an attribute tlp:amber, an object attribute tlp:green.
    expect(draft.submission.tlp).toBe('AMBER');
  });

  it('takes the indicators of the to_ids attributes and of the objects, composite values split, checked and de-duplicated', () => {
    expect(draft.submission.indicators).toEqual([
      { type: 'ipv4', value: '198.51.100.23' },
      { type: 'domain', value: 'tax-refund-portal.example' },
      { type: 'ipv4', value: '203.0.113.9' },
      { type: 'ipv6', value: '2001:db8::53' },
      { type: 'url', value: 'https://tax-refund-portal.example/login.php' },
      { type: 'sha256', value: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08' },
      { type: 'email', value: 'refunds@tax-refund-portal.example' },
      { type: 'cve', value: 'CVE-2023-38831' },
      { type: 'asn', value: 'AS64496' },
      { type: 'cidr', value: '198.51.100.0/24' },
      { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
      { type: 'sha1', value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
    ]);
  });

  it('lists what it did not map, each with its type and the reason', () => {
    const reasons = skipped.map((s) => `${s.what}: ${s.reason}`);
    expect(reasons).toEqual([
      expect.stringMatching(/attribute 6a1b0c00-0000-4000-8000-000000000007 \(email-subject\): to_ids is not set/),
      expect.stringMatching(/attribute 6a1b0c00-0000-4000-8000-000000000008 \(ip-dst\): to_ids is not set/),
      expect.stringMatching(/\(regkey\): type regkey has no cirtmesh indicator type/),
      expect.stringMatching(/\(link\): the link "file:\/\/\/srv\/reports\/2024-17.pdf" is not an http\(s\) URL/),
      expect.stringMatching(/\(url\): "not a url at all" is not an http\(s\) or ftp URL/),
      expect.stringMatching(/\(domain\): its distribution 0 is narrower than its event's/),
      expect.stringMatching(/object file attribute 7b2c0d00-0000-4000-8000-000000000021 \(filename\): to_ids is not set/),
      expect.stringMatching(/object file attribute 7b2c0d00-0000-4000-8000-000000000024 \(ssdeep\): type ssdeep has no cirtmesh/),
    ]);
    expect(JSON.stringify(drafts)).not.toContain('lead.internal.example');
  });

  it.each([
    ['0', 'national'],
    ['1', 'regional'],
    ['2', 'regional'],
    ['3', 'global'],
  ])('maps distribution %s to scope %s', (distribution, scope) => {
    expect(draftsFromMisp(smallEvent({ distribution })).drafts[0].submission.scope).toBe(scope);
  });

  it('gives no scope to an event without a distribution (a feed event): the node default applies', () => {
    expect(draftsFromMisp(smallEvent()).drafts[0].submission).not.toHaveProperty('scope');
  });

  it('skips a sharing-group event, saying to name the cirtmesh group, unless the caller named groups', () => {
    const shared = smallEvent({ distribution: '4', sharing_group_id: '7', SharingGroup: { name: 'MoU KE-JP' } });
    const refused = draftsFromMisp(shared);
    expect(refused.drafts).toEqual([]);
    expect(refused.skipped).toEqual([{ what: expect.stringMatching(/^MISP event /), reason: expect.stringContaining('?groups=') }]);
    expect(refused.skipped[0].reason).toContain('"MoU KE-JP"');
    const named = draftsFromMisp(shared, { sharingGroups: 'caller-named' });
    expect(named.drafts[0].submission).toMatchObject({ scope: 'global' });
    expect(named.drafts[0].submission).not.toHaveProperty('groups');
  });

  it('skips an event whose distribution is not one of MISP values', () => {
    expect(draftsFromMisp(smallEvent({ distribution: '5' })).skipped[0].reason).toMatch(/distribution "5" is not one of MISP's 0 to 4/);
  });

  it.each([
    ['1', 'high'],
    ['2', 'medium'],
    ['3', 'low'],
    ['4', 'low'],
    [undefined, 'low'],
  ])('maps threat level %s to severity %s', (threat_level_id, severity) => {
    expect(draftsFromMisp(smallEvent({ threat_level_id })).drafts[0].submission.severity).toBe(severity);
  });

  it('gives no TLP when no tag names one, and the category other when no taxonomy tag maps', () => {
    const { submission } = draftsFromMisp(smallEvent({ Tag: [{ name: 'tlp:unclear' }, { name: 'osint:source-type="blog-post"' }] }))
      .drafts[0];
    expect(submission).not.toHaveProperty('tlp');
    expect(submission.category).toBe('other');
  });

  it.each([
    ['tlp:ex:chr', 'GREEN'],
    ['tlp:clear', 'CLEAR'],
    ['TLP:AMBER+STRICT', 'AMBER+STRICT'],
    ['tlp:red', 'RED'],
  ])('reads the tag %s as TLP %s', (name, tlp) => {
    expect(draftsFromMisp(smallEvent({ Tag: [{ name: 'tlp:white' }, { name }] })).drafts[0].submission.tlp).toBe(tlp);
  });

  it.each([
    ['ecsirt:malicious-code="ransomware"', 'malware'],
    ['ecsirt:intrusions="bot"', 'botnet'],
    ['rsit:availability="ddos"', 'ddos'],
    ['circl:incident-classification="scan"', 'scanning'],
    ['cirtmesh:category="fraud"', 'fraud'],
    ['circl:incident-classification="constructor"', 'other'],
  ])('reads the taxonomy tag %s as category %s', (name, category) => {
    expect(draftsFromMisp(smallEvent({ Tag: [{ name }] })).drafts[0].submission.category).toBe(category);
  });

  it('keys each version of an event apart, and the same version the same way', () => {
    const first = draftsFromMisp(smallEvent({ timestamp: '1700000000' })).drafts[0].key;
    expect(draftsFromMisp(smallEvent({ timestamp: 1700000000 })).drafts[0].key).toBe(first);
    expect(draftsFromMisp(smallEvent({ timestamp: '1700000600' })).drafts[0].key).not.toBe(first);
  });

  it("reads a list of events and MISP's REST search answer, skipping the bad events in them", () => {
    const good = smallEvent();
    const noUuid = smallEvent({ uuid: undefined });
    const noTimestamp = smallEvent({ timestamp: undefined }, 'c0000000-0000-4000-8000-000000000001');
    const list = draftsFromMisp([good, noUuid, 'junk', noTimestamp]);
    expect(list.drafts).toHaveLength(1);
    expect(list.skipped.map((s) => s.what)).toEqual(['MISP event #1', 'item #2', 'MISP event c0000000-0000-4000-8000-000000000001']);
    expect(draftsFromMisp({ response: [good, good] }).drafts.map((d) => d.key)).toEqual([list.drafts[0].key, list.drafts[0].key]);
  });

  it.each([[null], ['text'], [{ events: [] }], [{ Event: 'x' }], [{ response: {} }], [42]])(
    'refuses %j: not MISP event JSON, saying what was expected',
    (document) => {
      expect(() => draftsFromMisp(document)).toThrow(MispInvalidError);
      expect(() => draftsFromMisp(document)).toThrow(
        /expected MISP event JSON: \{"Event": \{…\}\}, a list of them, or \{"response": \[…\]\}/,
      );
      try {
        draftsFromMisp(document);
      } catch (error) {
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe('MISP_INVALID');
      }
    },
  );

  it('reads at most 10,000 attributes of an event and says how many more it left', () => {
    const Attribute = Array.from({ length: MISP_MAX_ATTRIBUTES + 5 }, (_, n) => ({
      type: 'ip-dst',
      value: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`,
      to_ids: true,
    }));
    const result = draftsFromMisp(smallEvent({ Attribute }));
    expect(result.drafts[0].submission.indicators).toHaveLength(500);
    expect(result.skipped).toEqual([
      { what: expect.any(String), reason: '5 attributes beyond the first 10000 were not read' },
      { what: expect.any(String), reason: '9500 more indicators left out: an alert holds at most 500' },
    ]);
  });

  it('bounds the title and the description to the contract', () => {
    const Attribute = [
      { type: 'comment', value: 'x'.repeat(15_000) },
      { type: 'text', value: 'y'.repeat(15_000) },
    ];
    const { submission } = draftsFromMisp(smallEvent({ info: 'i'.repeat(256), Attribute })).drafts[0];
    expect(submission.title).toHaveLength(200);
    expect(submission.description).toHaveLength(20_000);
  });

  it('skips deleted attributes, and reads AS values written with their prefix', () => {
    const Attribute = [
      { type: 'AS', value: 'AS174', to_ids: '1' },
      { type: 'ip-dst', value: '192.0.2.9', to_ids: '1', deleted: '1' },
    ];
    const result = draftsFromMisp(smallEvent({ Attribute }));
    expect(result.drafts[0].submission.indicators).toEqual([{ type: 'asn', value: 'AS174' }]);
    expect(result.skipped[0].reason).toBe('the attribute is deleted');
  });
});
