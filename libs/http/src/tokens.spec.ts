import { allows, hashToken, newToken, parseTokensFile, TokenRegistry, TokensFileError } from './tokens';

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
