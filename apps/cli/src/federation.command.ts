import { admit, certifyRequest, initAuthority, initParty, removeMember } from '@cirtmesh/parties';
import type { PartyIdentity } from '@cirtmesh/federation';
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import type { Invoke } from './context';
import { UsageError } from './errors';
import { invokes, prints, requireFlags } from './options';
import { readDocument, writeDocument } from './documents';

const dirFlag = (): Option => new Option('--dir <DIR>', "the party's own directory, where its keys are made and kept (required)");

type InitFlags = { id: string; role: 'regional' | 'global'; parent?: string; region: string; name?: string; country: string; dir: string };

/** Makes the party's keys and join request, and says what to do with it. */
function made(dir: string, party: PartyIdentity): string {
  const request = initParty(resolve(dir), party);
  return [
    `${party.id}: keys made in ${dir}; they never leave it.`,
    `Join request (public): ${resolve(dir, 'join-request.json')}, signing key ${request.signingKey.id}.`,
    party.kind === 'hub'
      ? 'Send it to the mesh authority (cirtmesh certify), then the certified.json to the hub above (cirtmesh admit).'
      : `Send it to the operator of hub ${party.parent} (cirtmesh admit), and run with the bundle they send back.`,
  ].join('\n');
}

function initAuthorityCommand(invoke: Invoke): Command {
  const command = new Command('authority').description("found a mesh: the authority's root CA and signing key").addOption(dirFlag());
  return invokes(command, invoke, () => {
    requireFlags(command, ['--dir'], () => 'init authority needs --dir');
    const { dir } = command.opts<InitFlags>();
    return {
      request: { dir },
      run: prints(() => {
        const authority = initAuthority(resolve(dir));
        return `authority: root CA and signing key made in ${dir}; keep it offline.\nPublic key ${authority.publicKey}; public part in ${resolve(dir, 'authority.json')}.`;
      }),
    };
  });
}

function initHubCommand(invoke: Invoke): Command {
  const command = new Command('hub')
    .description("a hub's keys and its join request (for the authority to certify)")
    .option('--id <ID>', "the hub's id (required)")
    .addOption(new Option('--role <ROLE>', 'regional or global').choices(['regional', 'global']).default('regional'))
    .option('--parent <ID>', 'the global hub a regional hub joins')
    .option('--name <NAME>', 'a name for people')
    .addOption(dirFlag());
  return invokes(command, invoke, () => {
    requireFlags(command, ['--id', '--dir'], (missing) => `init hub needs ${missing}`);
    const { id, role, parent, name, dir } = command.opts<InitFlags>();
    if (role === 'regional' && !parent) throw new UsageError('init hub --role regional needs --parent (the global hub)');
    if (role === 'global' && parent) throw new UsageError('init hub --role global takes no --parent');
    const named = name ? { name } : {};
    const party: PartyIdentity =
      role === 'global' ? { id, kind: 'hub', role, ...named } : { id, kind: 'hub', role, region: id, parent, ...named };
    return { request: { party, dir }, run: prints(() => made(dir, party)) };
  });
}

function initNodeCommand(invoke: Invoke): Command {
  const command = new Command('node')
    .description("a national CIRT's keys and its join request (for its regional hub to admit)")
    .option('--id <ID>', "the node's id (required)")
    .option('--region <ID>', 'the regional hub it joins (required)')
    .option('--name <NAME>', 'a name for people, such as "CERT-GH"')
    .option('--country <CC>', 'ISO 3166-1 alpha-2 country code (required)')
    .addOption(dirFlag());
  return invokes(command, invoke, () => {
    requireFlags(command, ['--id', '--region', '--country', '--dir'], (missing) => `init node needs ${missing}`);
    const { id, region, name, country, dir } = command.opts<InitFlags>();
    const party: PartyIdentity = { id, kind: 'node', role: 'national', region, parent: region, country, ...(name ? { name } : {}) };
    return { request: { party, dir }, run: prints(() => made(dir, party)) };
  });
}

/** `cirtmesh init authority | hub | node`: a party's own keys, made in its own directory. */
function initCommand(invoke: Invoke): Command {
  return new Command('init')
    .description("make a party's own keys in its own directory")
    .addCommand(initAuthorityCommand(invoke))
    .addCommand(initHubCommand(invoke))
    .addCommand(initNodeCommand(invoke));
}

/** `cirtmesh certify`: the authority certifies a hub's join request. */
function certifyCommand(invoke: Invoke): Command {
  const command = new Command('certify')
    .description('the mesh authority certifies a hub: signs its regional CA and its key')
    .option('--authority-dir <DIR>', "the authority's directory (required)")
    .option('--request <FILE>', "the hub's join-request.json (required)")
    .option('--out <FILE>', 'where to write the certificate', 'certified.json');
  return invokes(command, invoke, () => {
    requireFlags(command, ['--authority-dir', '--request'], (missing) => `certify needs ${missing}`);
    const { authorityDir, request, out } = command.opts<{ authorityDir: string; request: string; out: string }>();
    return {
      request: { authorityDir, request, out },
      run: prints(() => {
        const certificate = certifyRequest(resolve(authorityDir), readDocument(request));
        writeDocument(out, certificate);
        return `${certificate.hub.id}: certified by the mesh authority; ${out} goes to the hub (and, for a regional hub, to the global hub to admit it).`;
      }),
    };
  });
}

/** `cirtmesh admit`: a hub admits a member from its join request (a node) or its certificate (a regional hub). */
function admitCommand(invoke: Invoke): Command {
  const command = new Command('admit')
    .description('a hub admits a new member: its leaf user, its TLS certificate and its directory entry, in a bundle for it')
    .option('--hub-dir <DIR>', "the hub's own directory (required)")
    .option('--request <FILE>', "the member's join-request.json, or a regional hub's certified.json (required)")
    .option('--out <FILE>', 'where to write the bundle', 'bundle.json')
    .option('--tier <TIER>', "the member's tier in the hub's policy")
    .option('--leaf-url <URL>', "where members' nats-servers join the hub's, such as tls://hub.example:7422");
  return invokes(command, invoke, () => {
    requireFlags(command, ['--hub-dir', '--request'], (missing) => `admit needs ${missing}`);
    const flags = command.opts<{ hubDir: string; request: string; out: string; tier?: string; leafUrl?: string }>();
    return {
      request: flags,
      run: prints(async () => {
        const bundle = await admit(resolve(flags.hubDir), readDocument(flags.request), { tier: flags.tier, leafUrl: flags.leafUrl });
        writeDocument(flags.out, bundle);
        return `${bundle.member.id}: admitted by ${bundle.hub}; its bundle (public) is ${flags.out}.`;
      }),
    };
  });
}

/** `cirtmesh remove`: a hub takes a member out of the mesh. */
function removeCommand(invoke: Invoke): Command {
  const command = new Command('remove')
    .description(
      'a hub takes a member out: its link is closed and refused, its keys revoked in the directory, its alerts refused everywhere',
    )
    .option('--hub-dir <DIR>', "the hub's own directory (required)")
    .option('--member <ID>', 'the member (required)')
    .option('--reason <TEXT>', 'why, as the directory records it', 'removed by the hub operator');
  return invokes(command, invoke, () => {
    requireFlags(command, ['--hub-dir', '--member'], (missing) => `remove needs ${missing}`);
    const { hubDir, member, reason } = command.opts<{ hubDir: string; member: string; reason: string }>();
    return {
      request: { hubDir, member, reason },
      run: prints(async () => {
        const change = await removeMember(resolve(hubDir), member, reason);
        return [
          `${member}: removed (directory section v${change.version}); every party refuses its alerts once the section reaches it.`,
          change.reloaded
            ? "The hub's nats-server reloaded: the member's link is closed and refused."
            : "The hub's nats-server is not running here: it refuses the member's link when it starts.",
          'To let it back in: it sends a new join request, and you admit it again.',
        ].join('\n');
      }),
    };
  });
}

export const federationCommands = [initCommand, certifyCommand, admitCommand, removeCommand];
