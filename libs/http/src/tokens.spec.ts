import { presentedToken } from './bearer.guard';
import { allows, hashToken, mayShow, newToken, parseTokensFile, TokenRegistry, TokensFileError, visibleTo } from './tokens';

describe(TokenRegistry.name, () => {
  const submit = newToken('ci-submit', ['submit']);
  const admin = newToken('ops', ['admin']);
  const registry = new TokenRegistry([submit.entry, admin.entry]);

  it('finds the entry of a token it stores only as a hash', () => {
    expect(submit.entry.sha256).toBe(hashToken(submit.token));
    expect(submit.entry.sha256).not.toContain(submit.token);
    expect(registry.authenticate(submit.token)?.name).toBe('ci-submit');
    expect(registry.authenticate(admin.token)?.name).toBe('ops');
    expect(registry.authenticate('not-a-token')).toBeUndefined();
  });

  it('grants a role to tokens that hold it, and every role to admin', () => {
    expect(allows(submit.entry, 'submit')).toBe(true);
    expect(allows(submit.entry, 'read')).toBe(false);
    expect(allows(admin.entry, 'read')).toBe(true);
  });
});

describe(parseTokensFile.name, () => {
  it('reads hashed entries and refuses bad ones by path', () => {
    const ok = parseTokensFile(`tokens:\n  - { name: a, sha256: ${'a'.repeat(64)}, roles: [read] }\n`, 't.yaml');
    expect(ok).toEqual([{ name: 'a', sha256: 'a'.repeat(64), roles: ['read'] }]);
    expect(() => parseTokensFile('tokens:\n  - { name: a, sha256: nope, roles: [root] }\n', 't.yaml')).toThrow(TokensFileError);
    expect(() => parseTokensFile('tokens:\n  - { name: a, sha256: nope, roles: [root] }\n', 't.yaml')).toThrow(
      /tokens\.0\.sha256.*tokens\.0\.roles/,
    );
  });
});

describe(mayShow.name, () => {
  it('shows a token nothing above its TLP ceiling, and everything without one', () => {
    const siem = newToken('siem', ['read'], 'GREEN').entry;
    expect(['CLEAR', 'GREEN'].every((tlp) => mayShow(siem, tlp as 'CLEAR'))).toBe(true);
    expect(['AMBER', 'AMBER+STRICT', 'RED'].some((tlp) => mayShow(siem, tlp as 'RED'))).toBe(false);
    expect(visibleTo(siem)).toEqual({ maxTlp: 'GREEN' });
    expect(mayShow(newToken('analyst', ['read']).entry, 'RED')).toBe(true);
    expect(visibleTo(undefined)).toEqual({});
  });

  it('reads a ceiling from the tokens file, and refuses one that is not a TLP', () => {
    const line = (tlp: string): string => `tokens:\n  - { name: a, sha256: ${'a'.repeat(64)}, roles: [read], maxTlp: ${tlp} }\n`;
    expect(parseTokensFile(line('AMBER'), 't.yaml')[0].maxTlp).toBe('AMBER');
    expect(() => parseTokensFile(line('PURPLE'), 't.yaml')).toThrow(/tokens\.0\.maxTlp/);
  });
});

describe(presentedToken.name, () => {
  const basic = (text: string): string => `Basic ${Buffer.from(text).toString('base64')}`;

  it('takes a bearer token, or the password of HTTP Basic whatever the user name', () => {
    expect(presentedToken('Bearer abc')).toBe('abc');
    expect(presentedToken(basic('misp:abc'))).toBe('abc');
    expect(presentedToken(basic(':abc:with:colons'))).toBe('abc:with:colons');
  });

  it('takes nothing from a missing, empty or malformed header', () => {
    for (const header of [undefined, '', 'Token abc', basic('no-colon'), basic('user:'), 'Basic !!!', 'Bearer']) {
      expect(presentedToken(header)).toBeUndefined();
    }
  });
});
