import type { Alert } from '@cirtmesh/contracts';
import fc from 'fast-check';
import type { RedactionProfile } from './policy';
import { redactAlert } from './redact';

const ENVELOPE = { id: '0190e7a4-0000-7000-8000-000000000001', origin: 'ke', createdAt: '2026-11-22T11:00:00.000Z' };
const LABELS = { category: 'phishing', severity: 'high', tlp: 'GREEN', scope: 'regional' } as const;

const alert = (overrides: Partial<Alert> = {}): Alert => ({
  ...ENVELOPE,
  ...LABELS,
  title: 'phishing from jane.doe@bank.example',
  description: 'seen from 192.0.2.44 and 2001:db8:abcd:12::1',
  indicators: [
    { type: 'email', value: 'jane.doe@bank.example' },
    { type: 'ipv4', value: '192.0.2.44' },
    { type: 'ipv6', value: '2001:db8:abcd:12::1' },
    { type: 'domain', value: 'login.bank.example' },
  ],
  references: ['https://report.example/1', 'https://report.example/?from=jane.doe@bank.example'],
  sectors: ['finance'],
  ...overrides,
});

const profile = (mask: RedactionProfile['mask'], drop: RedactionProfile['drop'] = []): RedactionProfile => ({ id: 'p', drop, mask });

describe(redactAlert.name, () => {
  it('email-local keeps the first letter of the local part and the domain', () => {
    const { alert: out } = redactAlert(alert(), profile({ email: 'email-local' }));
    expect(out.indicators?.[0]).toEqual({ type: 'email', value: 'j***@bank.example' });
  });

  it('truncate-24 turns an IPv4 address into its /24 block', () => {
    const { alert: out } = redactAlert(alert(), profile({ ipv4: 'truncate-24' }));
    expect(out.indicators?.[1]).toEqual({ type: 'cidr', value: '192.0.2.0/24' });
  });

  it.each([
    ['2001:db8:abcd:12::1', '2001:db8:abcd::/48'],
    ['2001:DB8:ABCD:0012:0:0:0:1', '2001:db8:abcd::/48'],
    ['2001:0db8:0001::', '2001:db8:1::/48'],
    ['2001:db8::1', '2001:db8:0::/48'],
    ['::1', '0:0:0::/48'],
    ['::ffff:192.0.2.44', '0:0:0::/48'],
    ['fe80::1:2:3:4', 'fe80:0:0::/48'],
  ])('truncate-48 turns the IPv6 address %s into its /48 block %s', (value, block) => {
    const { alert: out } = redactAlert(alert({ indicators: [{ type: 'ipv6', value }] }), profile({ ipv6: 'truncate-48' }));
    expect(out.indicators).toEqual([{ type: 'cidr', value: block }]);
  });

  it('remove takes the indicator out', () => {
    const { alert: out, applied } = redactAlert(alert(), profile({ domain: 'remove' }));
    expect(out.indicators?.map((i) => i.type)).toEqual(['email', 'ipv4', 'ipv6']);
    expect(applied).toEqual([{ field: 'indicators.3.value', action: 'remove' }]);
  });

  it('drops the fields the profile names, when the alert has them', () => {
    const { alert: out, applied } = redactAlert(alert({ description: undefined }), profile({}, ['description', 'references', 'sectors']));
    expect(out).not.toHaveProperty('references');
    expect(out).not.toHaveProperty('sectors');
    expect(applied).toEqual([
      { field: 'references', action: 'drop' },
      { field: 'sectors', action: 'drop' },
    ]);
  });

  it('leaves no redacted value anywhere in what it returns, and lists every change by field, never by value', () => {
    const original = alert({
      indicators: [
        { type: 'email', value: 'jane.doe@bank.example' },
        { type: 'ipv4', value: '192.0.2.44' },
        { type: 'ipv6', value: '2001:db8:abcd:12::1' },
        { type: 'domain', value: 'login.bank.example' },
        { type: 'url', value: 'https://login.bank.example/reset' },
        { type: 'url', value: 'https://report.example/?ip=192.0.2.44' },
      ],
      sectors: ['finance', 'login.bank.example'],
    });
    const { alert: out, applied } = redactAlert(
      original,
      profile({ email: 'email-local', ipv4: 'truncate-24', ipv6: 'truncate-48', domain: 'remove' }),
    );
    const json = JSON.stringify(out);
    for (const secret of ['jane.doe@bank.example', '192.0.2.44', '2001:db8:abcd:12::1', 'login.bank.example']) {
      expect(json).not.toContain(secret);
    }
    expect(out.title).toBe('phishing from j***@bank.example');
    expect(out.description).toBe('seen from 192.0.2.0/24 and 2001:db8:abcd::/48');
    expect(out.references).toEqual(['https://report.example/1']);
    expect(out.sectors).toEqual(['finance', '[redacted]']);
    expect(out.indicators).toEqual([
      { type: 'email', value: 'j***@bank.example' },
      { type: 'cidr', value: '192.0.2.0/24' },
      { type: 'cidr', value: '2001:db8:abcd::/48' },
      { type: 'url', value: 'https://report.example/?ip=192.0.2.0/24' },
    ]);
    expect(applied).toEqual([
      { field: 'indicators.0.value', action: 'email-local' },
      { field: 'indicators.1.value', action: 'truncate-24' },
      { field: 'indicators.2.value', action: 'truncate-48' },
      { field: 'indicators.3.value', action: 'remove' },
      { field: 'indicators(url)', action: 'remove-contains-redacted' },
    ]);
    expect(JSON.stringify(applied)).not.toMatch(/jane|192\.0\.2\.44|login\.bank/);
  });

  it('removes an indicator that held a redacted value and no longer fits its type once scrubbed', () => {
    const { alert: out, applied } = redactAlert(
      alert({
        indicators: [
          { type: 'domain', value: 'bank.example' },
          { type: 'domain', value: 'login.bank.example' },
        ],
      }),
      profile({ domain: 'remove' }),
    );
    expect(out.indicators).toEqual([]);
    expect(applied).toEqual([
      { field: 'indicators.0.value', action: 'remove' },
      { field: 'indicators.1.value', action: 'remove' },
    ]);
    const scrubbed = redactAlert(
      alert({
        indicators: [
          { type: 'ipv4', value: '192.0.2.44' },
          { type: 'email', value: 'ops@192.0.2.44' },
        ],
      }),
      profile({ ipv4: 'remove' }),
    );
    expect(scrubbed.alert.indicators).toEqual([]);
    expect(scrubbed.applied).toEqual([
      { field: 'indicators.0.value', action: 'remove' },
      { field: 'indicators(email)', action: 'remove-contains-redacted' },
    ]);
  });

  it('changes nothing when the profile masks no type the alert carries, and never touches its input', () => {
    const original = alert();
    const copy = JSON.parse(JSON.stringify(original)) as Alert;
    expect(redactAlert(original, profile({ sha256: 'remove' }))).toEqual({ alert: copy, applied: [] });
    redactAlert(original, profile({ email: 'email-local', ipv4: 'truncate-24', domain: 'remove' }, ['references']));
    expect(original).toEqual(copy);
  });

  it('truncates every IPv4 address that is not its own network address to the /24 its first three octets name', () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 255 })), (octets) => {
        const value = octets.join('.');
        const { alert: out } = redactAlert(alert({ indicators: [{ type: 'ipv4', value }] }), profile({ ipv4: 'truncate-24' }));
        return out.indicators?.[0].value === `${octets.slice(0, 3).join('.')}.0/24`;
      }),
    );
  });

  it('truncates every IPv6 address to the block its first three groups name', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 8, maxLength: 8 }), fc.boolean(), (groups, upper) => {
        const hex = groups.map((g) => g.toString(16));
        const value = upper ? hex.join(':').toUpperCase() : hex.join(':');
        const { alert: out } = redactAlert(alert({ indicators: [{ type: 'ipv6', value }] }), profile({ ipv6: 'truncate-48' }));
        return out.indicators?.[0].value === `${hex.slice(0, 3).join(':')}::/48`;
      }),
    );
  });
});
