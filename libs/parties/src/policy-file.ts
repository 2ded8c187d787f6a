import type { PartyIdentity } from '@cirtmesh/federation';
import { parseDocument as parseYaml, YAMLMap, YAMLSeq } from 'yaml';
import { PartyDir, SECRET } from './party-dir';

export const POLICY_FILE = 'policy.yaml';

/** A new hub's trust policy: national CIRTs and hubs trusted up to RED, members added as they are admitted. */
export function writeDefaultPolicy(dir: PartyDir, hub: PartyIdentity): void {
  if (dir.exists(POLICY_FILE)) return;
  const lines = [
    `# Trust policy of hub ${hub.id}. The hub reloads this file when it changes; an invalid version is`,
    '# refused and the previous one stays in force. `cirtmesh admit` adds each member it admits.',
    `hub: ${hub.id}`,
    'community: mesh',
    'tiers:',
    '  national: { description: National CIRTs. Named recipients may receive up to RED., maxTlp: RED }',
    '  hub: { description: The hubs above and below this one., maxTlp: RED }',
    hub.parent ? 'members:' : 'members: []',
    ...(hub.parent ? [`  - { id: ${hub.parent}, kind: hub, tier: hub }`] : []),
  ];
  dir.write([POLICY_FILE], lines.join('\n') + '\n', SECRET);
}

/** Adds a member to the hub's policy (or sets its tier), keeping the file's comments and order. */
export function addPolicyMember(dir: PartyDir, member: { id: string; kind: 'node' | 'hub'; tier?: string; country?: string }): void {
  const document = parseYaml(dir.read(POLICY_FILE));
  let members = document.get('members');
  if (!(members instanceof YAMLSeq)) {
    members = new YAMLSeq();
    document.set('members', members);
  }
  const seq = members as YAMLSeq<YAMLMap>;
  const tier = member.tier ?? (member.kind === 'hub' ? 'hub' : 'national');
  const held = seq.items.find((item) => item instanceof YAMLMap && item.get('id') === member.id);
  if (held) {
    if (member.tier) held.set('tier', member.tier);
  } else {
    const entry = document.createNode({
      id: member.id,
      kind: member.kind === 'hub' ? 'hub' : 'national',
      tier,
      ...(member.country ? { country: member.country } : {}),
    }) as YAMLMap;
    entry.flow = true;
    seq.items.push(entry);
  }
  seq.flow = false;
  dir.write([POLICY_FILE], document.toString(), SECRET);
}

/** Takes a member out of the hub's policy. */
export function removePolicyMember(dir: PartyDir, id: string): void {
  const document = parseYaml(dir.read(POLICY_FILE));
  const members = document.get('members');
  if (members instanceof YAMLSeq) members.items = members.items.filter((item) => !(item instanceof YAMLMap && item.get('id') === id));
  dir.write([POLICY_FILE], document.toString(), SECRET);
}

/** The tier the hub's policy gives a member, if it names it. */
export function policyMemberTier(dir: PartyDir, id: string): string | undefined {
  const members = parseYaml(dir.read(POLICY_FILE)).get('members');
  if (!(members instanceof YAMLSeq)) return undefined;
  const entry = members.items.find((item) => item instanceof YAMLMap && item.get('id') === id) as YAMLMap | undefined;
  const tier = entry?.get('tier');
  return typeof tier === 'string' ? tier : undefined;
}
