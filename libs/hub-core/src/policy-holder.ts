import { parseDocument } from '@cirtmesh/contracts';
import { WatchedFile, type FileReload } from '@cirtmesh/crypto';
import type { MeshDirectory } from '@cirtmesh/mesh';
import { openPolicy, POLICY_DOCUMENT, PolicyError, TrustEngine, type Policy } from '@cirtmesh/trust';

/** Checks what a policy names against the mesh: its hub, its members, its groups' members. */
export function checkPolicyAgainstMesh(policy: Policy, hubId: string, directory: MeshDirectory): string[] {
  const problems: string[] = [];
  if (policy.hub !== hubId) problems.push(`hub: the policy is for ${policy.hub}, not ${hubId}`);
  const members = new Set(directory.membersOf(hubId));
  const parent = directory.hub(hubId)?.parent;
  if (parent) members.add(parent);
  for (const [id, member] of policy.members) {
    if (!members.has(id)) problems.push(`members: ${id} is not a member of ${hubId} (nor its parent hub) in the directory`);
    const node = directory.node(id);
    if (node && member.country && member.country !== node.country)
      problems.push(`members: ${id} has country ${member.country} here but ${node.country} in the directory`);
    if (node && member.region && member.region !== node.region)
      problems.push(`members: ${id} has region ${member.region} here but ${node.region} in the directory`);
  }
  for (const [group, nodes] of policy.groups) {
    for (const node of nodes) if (!directory.node(node)) problems.push(`groups.${group}.members: ${node} is not a node of the mesh`);
  }
  return problems;
}

export function loadPolicyFile(file: string, hubId: string, directory: MeshDirectory): Policy {
  const policy = parseDocument({ file }, POLICY_DOCUMENT);
  const problems = checkPolicyAgainstMesh(policy, hubId, directory);
  if (problems.length > 0) throw new PolicyError(file, problems);
  return policy;
}

export type ReloadOutcome = { ok: true; version: string; changed: boolean } | { ok: false; error: string };

const reloadOutcome = (reload: FileReload<TrustEngine>): ReloadOutcome =>
  reload.ok ? { ok: true, version: reload.value.version, changed: reload.value.version !== reload.previous.version } : reload;

/**
 * The hub's policy in force. With a file, it watches it and reloads on change; an invalid new
 * version is refused and the previous one stays in force. Without one, every member is trusted
 * under the baseline TLP and scope rules (the built-in open policy).
 */
export class PolicyHolder {
  private readonly watched?: WatchedFile<TrustEngine>;
  private builtIn?: TrustEngine;

  constructor(
    private readonly hubId: string,
    private readonly directory: MeshDirectory,
    readonly file: string | undefined,
    onReload: (outcome: ReloadOutcome) => void = () => undefined,
  ) {
    if (!file) this.builtIn = new TrustEngine(this.open());
    else
      this.watched = new WatchedFile(
        file,
        (path) => new TrustEngine(loadPolicyFile(path, hubId, directory)),
        (reload) => {
          const outcome = reloadOutcome(reload);
          if (!outcome.ok || outcome.changed) onReload(outcome);
        },
      );
  }

  get current(): TrustEngine {
    return this.watched?.current ?? this.builtIn!;
  }

  /** Reads the file again, or (without one) opens the built-in policy to the members the directory lists now. */
  reload(): ReloadOutcome {
    if (this.watched) return reloadOutcome(this.watched.reload());
    this.builtIn = new TrustEngine(this.open());
    return { ok: true, version: this.builtIn.version, changed: true };
  }

  /** Polls the file (robust to editors that replace it) and reloads when it changes. */
  watch(intervalMs = 500): void {
    this.watched?.watch(intervalMs);
  }

  close(): void {
    this.watched?.close();
  }

  private open(): Policy {
    const hub = this.directory.hub(this.hubId);
    const members = this.directory
      .membersOf(this.hubId)
      .map((id) => ({ id, kind: hub?.role === 'global' ? ('hub' as const) : ('national' as const) }));
    if (hub?.parent) members.push({ id: hub.parent, kind: 'hub' });
    return openPolicy(this.hubId, members);
  }
}
