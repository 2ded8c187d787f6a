import type { MeshDirectory } from '@cirtmesh/mesh';
import { parseNodePolicy, PolicyError, type Policy } from '@cirtmesh/trust';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadPolicyFile } from './policy-holder';

export interface Finding {
  level: 'error' | 'warning';
  file: string;
  message: string;
}

type HubPolicies = Map<string, { file: string; policy: Policy }>;

const problemsOf = (error: unknown): string[] => (error instanceof PolicyError ? error.problems : [(error as Error).message]);

/**
 * Lints every policy a mesh file names, alone and together: unknown members, members left out,
 * tiers nobody uses, groups that are empty or defined differently along their path (so some
 * member could never be reached through them), and rules that can never match or deny everyone.
 */
export function lintMeshPolicies(meshFile: string, directory: MeshDirectory): Finding[] {
  const findings: Finding[] = [];
  const policies = loadHubPolicies(meshFile, directory, findings);
  for (const [hubId, { file, policy }] of policies) {
    lintMembersAndTiers(hubId, file, policy, directory, findings);
    lintRules(file, policy, directory, findings);
  }
  lintGroups(policies, directory, findings);
  lintNodePolicies(meshFile, directory, findings);
  return findings;
}

function loadHubPolicies(meshFile: string, directory: MeshDirectory, findings: Finding[]): HubPolicies {
  const policies: HubPolicies = new Map();
  for (const hubId of [directory.globalHubId, ...directory.regions()]) {
    const named = directory.hub(hubId)?.policy;
    if (!named) {
      findings.push({ level: 'warning', file: meshFile, message: `hub ${hubId} names no policy: it runs the built-in open policy` });
      continue;
    }
    const file = resolve(dirname(meshFile), named);
    try {
      policies.set(hubId, { file, policy: loadPolicyFile(file, hubId, directory) });
    } catch (error) {
      for (const problem of problemsOf(error)) findings.push({ level: 'error', file, message: problem });
    }
  }
  return policies;
}

function lintMembersAndTiers(hubId: string, file: string, policy: Policy, directory: MeshDirectory, findings: Finding[]): void {
  const parent = directory.hub(hubId)?.parent;
  for (const member of [...directory.membersOf(hubId), ...(parent ? [parent] : [])]) {
    if (!policy.members.has(member))
      findings.push({ level: 'warning', file, message: `members: ${member} is not listed, so this hub refuses it everything` });
  }
  const used = new Set([...policy.members.values()].map((m) => m.tier.id));
  for (const tier of policy.tiers.keys())
    if (!used.has(tier)) findings.push({ level: 'warning', file, message: `tiers.${tier}: no member uses this tier` });
}

function lintRules(file: string, policy: Policy, directory: MeshDirectory, findings: Finding[]): void {
  const warn = (message: string): number => findings.push({ level: 'warning', file, message });
  for (const rule of policy.rules) {
    const where = `rules.${rule.id}`;
    const unknown = (rule.when.origin ?? []).filter((o) => !directory.node(o));
    if (unknown.length > 0 && unknown.length === rule.when.origin?.length)
      warn(`${where}: can never match: no origin ${unknown.join(', ')} in the mesh`);
    if (rule.when.scope && rule.when.scope.every((s) => s === 'national'))
      warn(`${where}: can never match: scope national never reaches a hub`);
    if (rule.when.sectors && rule.when.sectors.length === 0) warn(`${where}: can never match: an empty sector list`);
    const only = rule.only;
    if (!only) continue;
    for (const m of only.members ?? [])
      if (!policy.members.has(m))
        findings.push({ level: 'error', file, message: `${where}.only.members: ${m} is not a member of this hub` });
    const fits = [...policy.members.values()].some(
      (m) =>
        (!only.tiers || only.tiers.includes(m.tier.id)) &&
        (!only.kinds || only.kinds.includes(m.kind)) &&
        (!only.members || only.members.includes(m.id)),
    );
    if (!fits) warn(`${where}: no member fits "only", so every alert it matches is refused to everyone`);
  }
}

/** Every hub on the path to a group's members must resolve the group to the same members. */
function lintGroups(policies: HubPolicies, directory: MeshDirectory, findings: Finding[]): void {
  const groupNames = new Set([...policies.values()].flatMap(({ policy }) => [...policy.groups.keys()]));
  for (const group of groupNames) {
    const definitions = [...policies.entries()].filter(([, p]) => p.policy.groups.has(group));
    const [firstHub, first] = definitions[0];
    const members = [...first.policy.groups.get(group)!].sort();
    if (members.length === 0) findings.push({ level: 'error', file: first.file, message: `groups.${group}: the group is empty` });
    for (const [, { file, policy }] of definitions.slice(1)) {
      const other = [...policy.groups.get(group)!].sort();
      if (other.join(',') !== members.join(',')) {
        const message = `groups.${group}: members ${other.join(', ')} differ from hub ${firstHub}'s ${members.join(', ')}`;
        findings.push({ level: 'error', file, message });
      }
    }
    const regions = new Set(members.map((m) => directory.node(m)?.region).filter((r): r is string => r !== undefined));
    for (const hub of [...regions, ...(regions.size > 1 ? [directory.globalHubId] : [])]) {
      const defined = policies.get(hub);
      if (defined && !defined.policy.groups.has(group)) {
        const message = `groups.${group}: not defined here, so members reached through hub ${hub} can never get it`;
        findings.push({ level: 'error', file: defined.file, message });
      }
    }
  }
}

function lintNodePolicies(meshFile: string, directory: MeshDirectory, findings: Finding[]): void {
  for (const node of directory.allNodes()) {
    if (!node.policy) continue;
    const file = resolve(dirname(meshFile), node.policy);
    try {
      const policy = parseNodePolicy(readFileSync(file, 'utf8'), file);
      if (policy.node !== node.id)
        findings.push({ level: 'error', file, message: `node: the policy is for ${policy.node}, not ${node.id}` });
    } catch (error) {
      for (const problem of problemsOf(error)) findings.push({ level: 'error', file, message: problem });
    }
  }
}
