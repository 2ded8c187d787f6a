import { loadStoredPlan, revokeLink } from '@cirtmesh/topology';

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
