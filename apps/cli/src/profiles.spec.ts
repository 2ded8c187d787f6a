import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OperatorEnv } from './config';
import { parseProfileFile, readProfileFile, resolveConnection } from './profiles';
import { UsageError } from './errors';

describe(resolveConnection.name, () => {
  let dir: string;
  let file: string;
  const env = (over: Partial<OperatorEnv> = {}): OperatorEnv => ({
    profileFile: file,
    profileFileIsDefault: false,
    noColor: false,
    ...over,
  });
  const write = (content: unknown, mode = 0o600): void => {
    writeFileSync(file, JSON.stringify(content));
    chmodSync(file, mode);
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cirtmesh-profiles-'));
    file = join(dir, 'profiles.json');
    write({
      profiles: {
        ke: { url: 'http://ke:1', token: 'ke-token' },
        jp: { url: 'http://jp:1', token: 'jp-token' },
        half: { url: 'http://half:1' },
      },
      default: 'ke',
    });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes flags first, then the environment, then the default profile, each value on its own', () => {
    expect(resolveConnection({ url: 'http://flag:1', token: 'flag-token' }, env({ url: 'http://env:1', token: 'env-token' }))).toEqual({
      url: 'http://flag:1',
      token: 'flag-token',
      profile: undefined,
      warnings: [],
    });
    expect(resolveConnection({ url: 'http://flag:1' }, env({ url: 'http://env:1', token: 'env-token' }))).toMatchObject({
      url: 'http://flag:1',
      token: 'env-token',
    });
    expect(resolveConnection({}, env({ token: 'env-token' }))).toMatchObject({ url: 'http://ke:1', token: 'env-token', profile: 'ke' });
    expect(resolveConnection({}, env())).toMatchObject({ url: 'http://ke:1', token: 'ke-token', profile: 'ke' });
    expect(resolveConnection({}, env({ profile: 'jp' }))).toMatchObject({ url: 'http://jp:1', token: 'jp-token', profile: 'jp' });
  });

  it('lets --profile outrank the environment, so it never mixes with another node', () => {
    expect(resolveConnection({ profile: 'jp' }, env({ url: 'http://env:1', token: 'env-token' }))).toMatchObject({
      url: 'http://jp:1',
      token: 'jp-token',
    });
    expect(resolveConnection({ profile: 'half' }, env({ token: 'env-token' }))).toMatchObject({ url: 'http://half:1', token: 'env-token' });
  });

  it('says what is missing, and which profiles there are', () => {
    expect(() => resolveConnection({}, env({ profile: 'nope' }))).toThrow(
      new UsageError(`no profile "nope" in ${file} (it has ke, jp, half)`),
    );
    rmSync(file);
    expect(() => resolveConnection({}, env())).toThrow(new UsageError('no node URL: pass --url, set CIRTMESH_URL or add a profile'));
    expect(() => resolveConnection({ url: 'http://x:1' }, env())).toThrow(
      new UsageError('no token: pass --token, set CIRTMESH_TOKEN or add a profile'),
    );
    expect(() => resolveConnection({ profile: 'ke' }, env())).toThrow(`no profile "ke": there is no profile file ${file}`);
  });

  it('warns when others may read the profile file, and only reads it when it needs it', () => {
    chmodSync(file, 0o644);
    expect(resolveConnection({}, env()).warnings).toEqual([
      `warning: profile file ${file} can be read by others (mode 644) and it holds tokens: run chmod 600 ${file}`,
    ]);
    chmodSync(file, 0o640);
    expect(resolveConnection({}, env()).warnings).toHaveLength(1);
    expect(resolveConnection({}, env({ url: 'http://env:1', token: 't' })).warnings).toEqual([]);
    chmodSync(file, 0o600);
    expect(readProfileFile(file)?.warnings).toEqual([]);
  });
});

describe(parseProfileFile.name, () => {
  it('names what is wrong in a profile file', () => {
    expect(() => parseProfileFile('p.json', '{')).toThrow(/^profile file p\.json is not valid JSON/);
    expect(() => parseProfileFile('p.json', '[]')).toThrow('profile file p.json: must hold an object with "profiles"');
    expect(() => parseProfileFile('p.json', '{"profiles":{"ke":{"url":1}}}')).toThrow(
      'profile file p.json: profile "ke": "url" must be a string',
    );
    expect(() => parseProfileFile('p.json', '{"profiles":{"ke":{}},"default":"jp"}')).toThrow(
      'profile file p.json: "default" names "jp", which is not among its profiles',
    );
    expect(parseProfileFile('p.json', '{"profiles":{"ke":{"url":"http://x"}}}')).toEqual({
      profiles: { ke: { url: 'http://x', token: undefined } },
      default: undefined,
    });
  });
});
