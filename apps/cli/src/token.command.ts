import { TLPS, type Tlp } from '@cirtmesh/contracts';
import { newToken, ROLES, type Role } from '@cirtmesh/http';
import { Command } from 'commander';
import type { Invoke } from './context';
import { invokes, prints } from './options';

/** `cirtmesh token create`: a random token, shown once, and its hashed entry for a tokens file. */
export function runTokenCreate(name: string | undefined, roles: string | undefined, maxTlp?: string): string {
  if (!name || !/^[\w.-]{1,64}$/.test(name)) throw new Error('--name must be 1-64 letters, digits, ".", "_" or "-"');
  const list = (roles ?? '').split(',').filter((r) => r.length > 0);
  const unknown = list.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (list.length === 0 || unknown.length > 0)
    throw new Error(`--roles must list some of ${ROLES.join(', ')}${unknown.length ? ` (not ${unknown.join(', ')})` : ''}`);
  if (maxTlp !== undefined && !(TLPS as readonly string[]).includes(maxTlp)) throw new Error(`--max-tlp must be one of ${TLPS.join(', ')}`);
  const { token, entry } = newToken(name, list as Role[], maxTlp as Tlp | undefined);
  const ceiling = entry.maxTlp ? `, maxTlp: ${entry.maxTlp}` : '';
  return [
    `token: ${token}`,
    "It is shown only now. Add this line under `tokens:` in the app's CIRTMESH_API_TOKENS_FILE and restart it:",
    `  - { name: ${entry.name}, sha256: ${entry.sha256}, roles: [${entry.roles.join(', ')}]${ceiling} }`,
  ].join('\n');
}

/** `cirtmesh token create --name NAME --roles ROLES` */
export function tokenCommand(invoke: Invoke): Command {
  const create = new Command('create')
    .description('a new API token: prints it once, and the line (with its hash) for a tokens file')
    .option('--name <NAME>', 'the name of the token: 1-64 letters, digits, ".", "_" or "-"')
    .option('--roles <ROLES>', `its roles, a comma list of ${ROLES.join(', ')}`)
    .option('--max-tlp <TLP>', `the widest TLP it is ever shown (${TLPS.join(', ')}), e.g. for an organisation-wide tool`);
  return new Command('token').description('API tokens of a node or hub').addCommand(
    invokes(create, invoke, () => {
      const { name, roles, maxTlp } = create.opts<{ name?: string; roles?: string; maxTlp?: string }>();
      return { request: { name, roles, maxTlp }, run: prints(() => runTokenCreate(name, roles, maxTlp)) };
    }),
  );
}
