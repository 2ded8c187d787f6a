import { parseDurationMs } from '@cirtmesh/contracts';
import { revokeMemberKey, rotatePartyKey } from '@cirtmesh/parties';
import { currentKey, keyringPath, revokeKey, rotateKey } from '@cirtmesh/topology';
import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Invoke } from './context';
import { dirOption, invokes, prints, requireFlags } from './options';

/** A mesh generated in one place holds every party's keys and the keyring; a federation's parties do not. */
function generatedMesh(dir: string): string {
  const root = resolve(dir);
  if (!existsSync(keyringPath(root))) {
    throw new Error(
      `${root} holds no generated mesh's keyring. In a federation, such as the demo, a node rotates its own key ` +
        "(key rotate --dir <its directory>) and a hub revokes a member's key (key revoke --hub-dir <hub> --member <id> --key <kid>)",
    );
  }
  return root;
}

function durationMs(text: string): number {
  const ms = parseDurationMs(text);
  if (ms === undefined) throw new Error(`--overlap must be a duration such as 30m, 24h or 7d, not "${text}"`);
  return ms;
}

/** `cirtmesh key rotate`: a new signing key for a party; the old one stays valid for the overlap. */
export function runKeyRotate(dir: string, party: string, overlap: string): string {
  const root = generatedMesh(dir);
  const { oldId, newId } = rotateKey(root, party, durationMs(overlap));
  return [
    `${party}: new signing key ${newId}; ${oldId} stays valid for ${overlap}.`,
    `The keyring (${keyringPath(root)}) now lists both; every party reloads it by itself.`,
    `Restart ${party}'s app with CIRTMESH_SIGNING_KEY_ID=${newId} CIRTMESH_SIGNING_KEY_FILE=${currentKey(root, party).file}`,
    '(a restarted demo picks it up by itself).',
  ].join('\n');
}

/** In a federation: the node makes its new key and sends its hub the rotation, signed with the old one. */
export async function runPartyKeyRotate(dir: string, overlap: string): Promise<string> {
  const { oldId, newId, overlapUntil, confirmed } = await rotatePartyKey(resolve(dir), durationMs(overlap));
  if (!confirmed) {
    return [
      `new signing key ${newId} made and sent to the hub; the directory does not list it yet, so ${oldId} stays in use.`,
      `Once the hub's section lists ${newId} (in ${resolve(dir, 'directory.json')}), run the command again.`,
    ].join('\n');
  }
  return [
    `new signing key ${newId}, signed into the directory by the hub; ${oldId} stays valid until ${overlapUntil}.`,
    'Restart the node (cirtmesh node run) to sign with it.',
  ].join('\n');
}

/** `cirtmesh key revoke`: alerts signed with the key are refused from the moment parties reload. */
export function runKeyRevoke(dir: string, party: string, id: string | undefined): string {
  const root = generatedMesh(dir);
  const kid = id ?? currentKey(root, party).id;
  revokeKey(root, party, kid);
  return `${party}: key ${kid} revoked in ${keyringPath(root)}. Rotate first if ${party} still signs with it.`;
}

/** In a federation: the member's hub marks the key revoked in its directory section, which travels to every party. */
export function runHubKeyRevoke(hubDir: string, member: string, key: string): string {
  const { version } = revokeMemberKey(resolve(hubDir), member, key);
  return `${member}: key ${key} revoked in the hub's directory section v${version}; every party refuses it once the section reaches it.`;
}

type KeyFlags = { party: string; dir: string; overlap: string; kid?: string };

/** `cirtmesh key rotate` and `cirtmesh key revoke`. */
export function keyCommand(invoke: Invoke): Command {
  const forParty = (name: string, description: string): Command =>
    new Command(name)
      .description(description)
      .option('--party <ID>', 'the party (required with a generated mesh)')
      .addOption(dirOption("the mesh's directory; or, for key rotate in a federation, the node's own directory (no --party)"));
  const rotate = forParty('rotate', 'a new signing key for a party; the old one stays valid for the overlap').addOption(
    new Option('--overlap <DURATION>', 'how long the old key stays valid, such as 30m, 24h or 7d').default('24h'),
  );
  const revoke = forParty('revoke', "revoke a party's key (default: the one it signs with now)")
    .option('--kid <KEY>', 'the key to revoke')
    .option('--hub-dir <DIR>', "in a federation: the member's hub's own directory (with --member and --key)")
    .option('--member <ID>', 'in a federation: the member whose key is revoked')
    .option('--key <KEY>', 'in a federation: the key to revoke');
  const flags = (command: Command): KeyFlags => {
    requireFlags(command, ['--party'], () => 'key commands need --party');
    return command.opts<KeyFlags>();
  };
  return new Command('key')
    .description("the parties' signing keys")
    .addCommand(
      invokes(rotate, invoke, () => {
        const own = rotate.opts<KeyFlags>();
        if (own.party === undefined && existsSync(resolve(own.dir, 'party.json'))) {
          return { request: { dir: own.dir, overlap: own.overlap }, run: prints(() => runPartyKeyRotate(own.dir, own.overlap)) };
        }
        const { dir, party, overlap } = flags(rotate);
        return { request: { dir, party, overlap }, run: prints(() => runKeyRotate(dir, party, overlap)) };
      }),
    )
    .addCommand(
      invokes(revoke, invoke, () => {
        const hub = revoke.opts<{ hubDir?: string; member?: string; key?: string }>();
        if (hub.hubDir) {
          requireFlags(revoke, ['--member', '--key'], (missing) => `key revoke --hub-dir needs ${missing}`);
          const { hubDir, member, key } = hub as Required<typeof hub>;
          return { request: { hubDir, member, key }, run: prints(() => runHubKeyRevoke(hubDir, member, key)) };
        }
        const { dir, party, kid } = flags(revoke);
        return { request: { dir, party, kid }, run: prints(() => runKeyRevoke(dir, party, kid)) };
      }),
    );
}
