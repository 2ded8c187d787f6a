import { indicatorsFromPattern } from './pattern-import';
import { stixPatternFor, stixString, type PatternIndicatorType } from './pattern-export';

const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const EXPORTED: Array<[PatternIndicatorType, string, string]> = [
  ['ipv4', '192.0.2.7', "[ipv4-addr:value = '192.0.2.7']"],
  ['ipv6', '2001:db8::1', "[ipv6-addr:value = '2001:db8::1']"],
  ['cidr', '198.51.100.0/24', "[ipv4-addr:value = '198.51.100.0/24']"],
  ['cidr', '2001:db8::/32', "[ipv6-addr:value = '2001:db8::/32']"],
  ['domain', 'login.bank.example', "[domain-name:value = 'login.bank.example']"],
  ['url', "https://x.example/it's", "[url:value = 'https://x.example/it\\'s']"],
  ['email', 'jane.doe@bank.example', "[email-addr:value = 'jane.doe@bank.example']"],
  ['md5', MD5, `[file:hashes.MD5 = '${MD5}']`],
  ['sha1', SHA1, `[file:hashes.'SHA-1' = '${SHA1}']`],
  ['sha256', SHA256, `[file:hashes.'SHA-256' = '${SHA256}']`],
  ['asn', 'AS64496', '[autonomous-system:number = 64496]'],
];

describe(stixPatternFor.name, () => {
  it.each(EXPORTED)('writes %s %s as %s, which reads back', (type, value, pattern) => {
    expect(stixPatternFor({ type, value })).toBe(pattern);
    expect(indicatorsFromPattern(pattern)).toEqual({ indicators: [{ type, value }], problems: [] });
  });

  it('escapes the backslash first, then the apostrophe', () => {
    expect(stixString("a\\'b")).toBe("'a\\\\\\'b'");
    expect(indicatorsFromPattern(`[url:value = ${stixString("https://x.example/a\\'b")}]`).indicators).toEqual([
      { type: 'url', value: "https://x.example/a\\'b" },
    ]);
  });
});

describe(indicatorsFromPattern.name, () => {
  it.each([
    [`[file:hashes.md5 = '${MD5}']`, 'md5', MD5],
    [`[file:hashes.'sha-1' = '${SHA1}']`, 'sha1', SHA1],
    [`[file:hashes.SHA256 = '${SHA256.toUpperCase()}']`, 'sha256', SHA256.toUpperCase()],
    ["[autonomous-system:number = '174']", 'asn', 'AS174'],
    ["[ipv4-addr:value = '198.51.100.1/32']", 'cidr', '198.51.100.1/32'],
    ["[ipv4-addr:value ISSUBSET '198.51.100.0/24']", 'cidr', '198.51.100.0/24'],
    ["[network-traffic:src_ref.type = 'ipv4-addr' AND network-traffic:src_ref.value = '203.0.113.10']", 'ipv4', '203.0.113.10'],
    ["[network-traffic:dst_ref.value = '2001:db8::5' AND network-traffic:dst_ref.type = 'ipv6-addr']", 'ipv6', '2001:db8::5'],
  ])('reads %s as %s %s', (pattern, type, value) => {
    expect(indicatorsFromPattern(pattern)).toEqual({ indicators: [{ type, value }], problems: [] });
  });

  it('reads comparisons joined by OR, in brackets or across observations', () => {
    const pattern =
      "[ipv4-addr:value = '192.0.2.1' OR (domain-name:value = 'a.example' OR url:value = 'https://a.example/')] OR [email-addr:value = 'x@a.example']";
    expect(indicatorsFromPattern(pattern).indicators.map((i) => i.type)).toEqual(['ipv4', 'domain', 'url', 'email']);
  });

  it.each([
    ["[ipv4-addr:value = '192.0.2.1' AND domain-name:value = 'a.example']", 'comparisons joined by AND are not mapped'],
    ["[ipv4-addr:value = '192.0.2.1'] AND [ipv4-addr:value = '192.0.2.2']", 'observations joined by AND are not mapped'],
    ["[ipv4-addr:value = '192.0.2.1'] FOLLOWEDBY [ipv4-addr:value = '192.0.2.2']", 'observations joined by FOLLOWEDBY are not mapped'],
    ["[ipv4-addr:value = '192.0.2.1'] WITHIN 60 SECONDS", 'the WITHIN qualifier is not mapped'],
    ["[ipv4-addr:value = '192.0.2.1'] REPEATS 3 TIMES", 'the REPEATS qualifier is not mapped'],
    [
      "[ipv4-addr:value = '192.0.2.1'] START t'2024-01-01T00:00:00Z' STOP t'2024-02-01T00:00:00Z'",
      'the START…STOP qualifier is not mapped',
    ],
    ["[x509-certificate:serial_number = '1']", 'the object path x509-certificate:serial_number is not mapped'],
    ["[file:hashes.'SHA-512' = 'ab']", "the object path file:hashes.'SHA-512' is not mapped"],
    ["[ipv4-addr:value != '192.0.2.1']", 'the operator != is not mapped'],
    ["[domain-name:value LIKE '%.example']", 'the operator LIKE is not mapped'],
    ["[ipv4-addr:value NOT = '192.0.2.1']", 'NOT = is not mapped'],
    ['[domain-name:value = 5]', 'a constant of type int is not mapped for domain-name:value'],
    ["[autonomous-system:number = 'AS174']", 'an AS number must be an integer'],
    ["[ipv4-addr:value = '300.1.1.1']", '"300.1.1.1" is not an IPv4 address'],
    ["[file:hashes.MD5 = 'xyz']", 'is not an MD5 hash'],
    ["[file:hashes.SHA-256 = 'ab']", 'the pattern is not valid STIX'],
    ["[network-traffic:src_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.10']", 'comparisons joined by AND'],
  ])('skips %s: %s', (pattern, reason) => {
    const { indicators, problems } = indicatorsFromPattern(pattern);
    expect(indicators).toEqual([]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(reason);
  });

  it('keeps the comparisons of an OR that map, and says why the others do not', () => {
    expect(indicatorsFromPattern("[ipv4-addr:value = '192.0.2.1' OR process:name = 'evil.exe']")).toEqual({
      indicators: [{ type: 'ipv4', value: '192.0.2.1' }],
      problems: ['the object path process:name is not mapped'],
    });
  });
});
