import { parseStixPattern, type PatternNode } from './pattern-parser';

const parsed = (pattern: string): PatternNode => {
  const result = parseStixPattern(pattern);
  if (!result.ok) throw new Error(result.error);
  return result.pattern;
};

describe(parseStixPattern.name, () => {
  it('reads a single comparison into its path, operator and constant', () => {
    expect(parsed("[file:hashes.'SHA-256' = 'ab']")).toEqual({
      kind: 'observation',
      comparison: {
        kind: 'test',
        path: { objectType: 'file', steps: ['hashes', 'SHA-256'] },
        negated: false,
        operator: '=',
        value: { kind: 'string', value: 'ab' },
      },
    });
  });

  it('accepts an AS number as an integer', () => {
    expect(parsed('[autonomous-system:number = 64496]')).toMatchObject({ comparison: { value: { kind: 'int', value: '64496' } } });
  });

  it("unescapes \\' and \\\\ in strings", () => {
    expect(parsed("[url:value = 'it\\'s a \\\\ path']")).toMatchObject({ comparison: { value: { value: "it's a \\ path" } } });
  });

  it.each([
    ['not a pattern', 'expected an observation expression'],
    ["[ipv4-addr:value = '192.0.2.7'", 'expected "]"'],
    ["[file:hashes.SHA-256 = 'ab']", 'must be quoted'],
    ["[url:value = 'a\\nb']", 'invalid escape'],
    ["[url:value = 'open]", 'unterminated string'],
    ["[ipv4-addr:value = '192.0.2.7'] garbage", 'expected the end of the pattern'],
    ['[ipv4-addr:value =]', 'expected a constant'],
    ['[ipv4-addr:value 5]', 'expected a comparison operator'],
    ['[domain-name:value LIKE 5]', 'expected a string after LIKE'],
    ["[file:name = 'a'] WITHIN SECONDS", 'expected a number'],
    ["[file:name = 'a'] START '2016-01-01T00:00:00Z' STOP t'2016-01-02T00:00:00Z'", "expected a timestamp t'…'"],
    ["[file:name = t'2016-13']", 'invalid timestamp literal'],
    ["[file:name = h'abc']", 'invalid hex literal'],
    ['[]', 'expected an object type'],
    ['', 'expected an observation expression'],
  ])('rejects %j: %s', (pattern, error) => {
    const result = parseStixPattern(pattern);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(error);
  });

  it('gives AND precedence over OR, in comparisons and in observations', () => {
    expect(parsed('[a:x = 1 OR a:y = 2 AND a:z = 3]')).toMatchObject({
      comparison: { operator: 'OR', right: { kind: 'boolean', operator: 'AND' } },
    });
    expect(parsed('[a:x = 1] OR [a:y = 2] AND [a:z = 3]')).toMatchObject({ kind: 'join', operator: 'OR', right: { operator: 'AND' } });
  });

  it('reads every qualifier, FOLLOWEDBY, parentheses, NOT, IN, EXISTS and list indexes', () => {
    const pattern =
      "([a:x = 1] FOLLOWEDBY [a:y[*].z NOT IN ('p', 'q')]) WITHIN 300 SECONDS REPEATS 2 TIMES " +
      "START t'2016-01-01T00:00:00Z' STOP t'2016-01-02T00:00:00.5Z'";
    expect(parsed(pattern)).toMatchObject({
      kind: 'qualified',
      qualifier: 'START',
      expression: { qualifier: 'REPEATS', expression: { qualifier: 'WITHIN', expression: { operator: 'FOLLOWEDBY' } } },
    });
    expect(parsed('[EXISTS windows-registry-key:values AND network-traffic:protocols[0] != true]')).toMatchObject({
      comparison: { left: { operator: 'EXISTS' }, right: { path: { steps: ['protocols', 0] }, operator: '!=' } },
    });
  });

  it('reads keywords in any case, and allows line breaks between tokens', () => {
    expect(parsed("[ipv4-addr:value = '192.0.2.7'\n or\tipv4-addr:value ISSUBSET '198.51.100.0/24']")).toMatchObject({
      comparison: { operator: 'OR', right: { operator: 'ISSUBSET' } },
    });
  });
});
