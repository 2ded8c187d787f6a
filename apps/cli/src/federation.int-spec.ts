import { testTempDir } from '@cirtmesh/testing';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { CliContext } from './context';
import type { Io } from './io';
import { runCli } from './program';

/** The founding and joining commands, each run as the party that holds the directory it names. */
describe('cirtmesh init, certify, hub import and admit', () => {
  const root = testTempDir('cirtmesh-cli-federation-');
  const at = (...parts: string[]): string => join(root, ...parts);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), progress: (t) => err.push(t), stdoutIsTty: false };
    const context: CliContext = {
      io,
      operatorEnv: () => {
        throw new Error('these commands read no node');
      },
      cliConfig: () => {
        throw new Error('these commands read no mesh configuration');
      },
      untilStopped: (task) => task(new AbortController().signal),
    };
    const code = await runCli(argv, context);
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('founds a mesh, certifies and admits a regional hub, and admits a national CIRT into it', async () => {
    expect(await cli('init', 'authority', '--dir', at('authority'))).toMatchObject({
      code: 0,
      out: expect.stringContaining('keep it offline'),
    });
    expect((await cli('init', 'hub', '--id', 'global', '--role', 'global', '--dir', at('global'))).code).toBe(0);
    expect(
      (
        await cli(
          'certify',
          '--authority-dir',
          at('authority'),
          '--request',
          at('global', 'join-request.json'),
          '--out',
          at('global.certified.json'),
        )
      ).code,
    ).toBe(0);
    expect(await cli('hub', 'import', '--dir', at('global'), '--bundle', at('global.certified.json'))).toMatchObject({
      code: 0,
      out: 'global: certificate of the mesh authority taken in',
    });

    expect((await cli('init', 'hub', '--id', 'africa', '--role', 'regional', '--parent', 'global', '--dir', at('africa'))).code).toBe(0);
    expect(
      (
        await cli(
          'certify',
          '--authority-dir',
          at('authority'),
          '--request',
          at('africa', 'join-request.json'),
          '--out',
          at('certified.json'),
        )
      ).code,
    ).toBe(0);
    expect((await cli('hub', 'import', '--dir', at('africa'), '--bundle', at('certified.json'))).code).toBe(0);
    expect(
      await cli('admit', '--hub-dir', at('global'), '--request', at('certified.json'), '--out', at('africa.bundle.json')),
    ).toMatchObject({
      code: 0,
      out: 'africa: admitted by global; its bundle (public) is ' + at('africa.bundle.json') + '.',
    });

    const init = await cli('init', 'node', '--id', 'gh', '--region', 'africa', '--name', 'CERT-GH', '--country', 'GH', '--dir', at('gh'));
    expect(init).toMatchObject({ code: 0, out: expect.stringContaining('Send it to the operator of hub africa') });
    const request = JSON.parse(readFileSync(at('gh', 'join-request.json'), 'utf8')) as { party: unknown };
    expect(request.party).toEqual({
      id: 'gh',
      kind: 'node',
      role: 'national',
      region: 'africa',
      parent: 'africa',
      name: 'CERT-GH',
      country: 'GH',
    });
    expect(
      (
        await cli(
          'admit',
          '--hub-dir',
          at('africa'),
          '--request',
          at('gh', 'join-request.json'),
          '--out',
          at('bundle.json'),
          '--tier',
          'national',
        )
      ).code,
    ).toBe(0);
    const bundle = JSON.parse(readFileSync(at('bundle.json'), 'utf8')) as {
      hub: string;
      directory: { sections: Array<{ owner: string; version: number }> };
    };
    expect(bundle.hub).toBe('africa');
    expect(bundle.directory.sections).toEqual([expect.objectContaining({ owner: 'africa', version: 2 })]); // v1: no members yet, made when africa took in its certificate
  });

  it('says what is wrong in one line, and writes nothing', async () => {
    expect(await cli('init', 'node', '--id', 'tg', '--dir', at('tg'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('init node needs --region, --country'),
    });
    expect(existsSync(at('tg'))).toBe(false);
    expect(await cli('init', 'hub', '--id', 'asia', '--dir', at('asia'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('needs --parent'),
    });
    expect(await cli('admit', '--hub-dir', at('africa'), '--request', at('nowhere.json'))).toMatchObject({
      code: 2,
      err: expect.stringContaining('cannot read'),
    });
    const refused = await cli('admit', '--hub-dir', at('global'), '--request', at('gh', 'join-request.json'), '--out', at('wrong.json'));
    expect(refused).toMatchObject({ code: 1, err: expect.stringContaining('admits regional hubs that name it as their parent, not gh') });
    expect(existsSync(at('wrong.json'))).toBe(false);
  });
});
