import { revokeMemberLink } from '@cirtmesh/parties';
import { loadStoredPlan, revokeLink } from '@cirtmesh/topology';
import { resolve } from 'node:path';
import { Command } from 'commander';
import type { Invoke } from './context';
import { dirOption, invokes, prints, requireFlags } from './options';

/** `cirtmesh link revoke`: cuts a member's leaf link off at its hub's nats-server, for good. */
export async function runLinkRevoke(dir: string, member: string): Promise<string> {
  const { hub, configPath, reloaded } = await revokeLink(loadStoredPlan(dir), member);
  return [
    `${member}: leaf credentials revoked at hub ${hub} (${configPath}).`,
    reloaded
      ? `${hub}'s nats-server reloaded: it has closed ${member}'s link and refuses it from now on.`
      : `${hub}'s nats-server is not running here: it refuses ${member} once started with this config (or send it SIGHUP).`,
    `${member} keeps its data and keeps accepting submissions; they wait in its stream until it is given a new link.`,
  ].join('\n');
}

/** In a federation: the hub revokes the leaf user it issued to the member, in its own account. */
export async function runHubLinkRevoke(hubDir: string, member: string): Promise<string> {
  const { reloaded } = await revokeMemberLink(resolve(hubDir), member);
  return reloaded
    ? `${member}: leaf user revoked; the hub's nats-server reloaded, closed the link and refuses it from now on.`
    : `${member}: leaf user revoked; the hub's nats-server is not running here and refuses it when it starts.`;
}

/** `cirtmesh link revoke --member ID [--dir DIR | --hub-dir DIR]` */
export function linkCommand(invoke: Invoke): Command {
  const revoke = new Command('revoke')
    .description(
      "cut a member off its hub at the broker: its leaf credentials are revoked and the hub's nats-server reloads, " +
        'closing the link and refusing it from then on',
    )
    .option('--member <ID>', 'the member (required)')
    .option('--hub-dir <DIR>', "in a federation: the hub's own directory")
    .addOption(dirOption());
  return new Command('link').description("members' leaf links to their hubs").addCommand(
    invokes(revoke, invoke, () => {
      requireFlags(revoke, ['--member'], () => 'link revoke needs --member');
      const { member, dir, hubDir } = revoke.opts<{ member: string; dir: string; hubDir?: string }>();
      if (hubDir) return { request: { member, hubDir }, run: prints(() => runHubLinkRevoke(hubDir, member)) };
      return { request: { member, dir }, run: prints(() => runLinkRevoke(dir, member)) };
    }),
  );
}
