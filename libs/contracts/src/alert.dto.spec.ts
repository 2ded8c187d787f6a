import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AlertSubmissionDto } from './alert.dto';
import { checkIndicatorValue } from './indicator';
import { flattenValidationErrors, VALIDATION_OPTIONS } from './mappers';
import type { IndicatorType } from './vocabulary';

function errorsFor(body: Record<string, unknown>): Record<string, string[]> {
  const dto = plainToInstance(AlertSubmissionDto, body);
  return Object.fromEntries(flattenValidationErrors(validateSync(dto, VALIDATION_OPTIONS)).map((e) => [e.field, e.messages]));
}

const valid = {
  title: 'Mirai variant scanning telnet',
  category: 'botnet',
  severity: 'medium',
  tlp: 'GREEN',
  indicators: [{ type: 'ipv4', value: '198.51.100.7' }],
};

describe(AlertSubmissionDto.name, () => {
  it('accepts a minimal valid alert', () => {
    expect(errorsFor(valid)).toEqual({});
  });

  it('rejects unknown fields by name', () => {
    expect(errorsFor({ ...valid, colour: 'red' })).toHaveProperty('colour');
  });

  it('bounds the title to 1..200 characters', () => {
    expect(errorsFor({ ...valid, title: '' })).toHaveProperty('title');
    expect(errorsFor({ ...valid, title: 'x'.repeat(201) })).toHaveProperty('title');
    expect(errorsFor({ ...valid, title: 'x'.repeat(200) })).toEqual({});
  });

  it.each(['AMBER', 'AMBER+STRICT', 'RED'])('requires recipients for TLP:%s', (tlp) => {
    expect(errorsFor({ ...valid, tlp })).toHaveProperty('recipients');
    expect(errorsFor({ ...valid, tlp, recipients: [] })).toHaveProperty('recipients');
    expect(errorsFor({ ...valid, tlp, recipients: ['jp'] })).toEqual({});
  });

  it('allows recipients to narrow a CLEAR or GREEN alert', () => {
    expect(errorsFor({ ...valid, tlp: 'CLEAR', recipients: ['ng'] })).toEqual({});
  });

  it('rejects closed-vocabulary values it does not know', () => {
    const errors = errorsFor({ ...valid, category: 'worm', severity: 'urgent', tlp: 'WHITE', scope: 'planet' });
    expect(Object.keys(errors).sort()).toEqual(['category', 'scope', 'severity', 'tlp']);
  });

  it('names the indicator field whose value does not fit its type', () => {
    const errors = errorsFor({ ...valid, indicators: [valid.indicators[0], { type: 'sha256', value: 'deadbeef' }] });
    expect(errors['indicators.1.value']).toEqual(['value must be a SHA-256 hash (64 hex digits) for type sha256']);
  });

  it('bounds list lengths', () => {
    const many = Array.from({ length: 501 }, () => ({ type: 'ipv4', value: '192.0.2.1' }));
    expect(errorsFor({ ...valid, indicators: many })).toHaveProperty('indicators');
  });

  it('rejects non-http references and malformed dates', () => {
    const errors = errorsFor({ ...valid, references: ['javascript:alert(1)'], validUntil: 'tomorrow' });
    expect(errors).toHaveProperty('references');
    expect(errors).toHaveProperty('validUntil');
  });
});

describe(checkIndicatorValue.name, () => {
  const cases: Array<[IndicatorType, string, boolean]> = [
    ['ipv4', '192.0.2.1', true],
    ['ipv4', '256.0.0.1', false],
    ['ipv4', '2001:db8::1', false],
    ['ipv6', '2001:db8::1', true],
    ['ipv6', '192.0.2.1', false],
    ['cidr', '192.0.2.0/24', true],
    ['cidr', '2001:db8::/32', true],
    ['cidr', '192.0.2.0/33', false],
    ['cidr', '192.0.2.0', false],
    ['domain', 'mail.example.org', true],
    ['domain', 'not a domain', false],
    ['url', 'https://example.org/login?x=1', true],
    ['url', 'example.org/login', false],
    ['email', 'abuse@example.org', true],
    ['email', 'abuse@', false],
    ['md5', 'd41d8cd98f00b204e9800998ecf8427e', true],
    ['md5', 'd41d8cd98f00b204e9800998ecf8427', false],
    ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', true],
    ['sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', true],
    ['sha256', 'zz' + 'e'.repeat(62), false],
    ['cve', 'CVE-2024-3094', true],
    ['cve', 'CVE-24-3094', false],
    ['asn', 'AS64496', true],
    ['asn', 'AS99999999999', false],
  ];

  it.each(cases)('%s %s -> %s', (type, value, ok) => {
    expect(checkIndicatorValue(type, value).ok).toBe(ok);
  });
});
