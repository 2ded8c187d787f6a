import 'reflect-metadata';
import { CATEGORIES, PARTY_ID, parseDocument, SCOPES, TLPS, type Category, type Reason, type Scope, type Tlp } from '@cirtmesh/contracts';
import { IsArray, IsIn, IsOptional, Matches } from 'class-validator';
import { PolicyError, tlpRank } from './policy';
import type { AlertFacts, Decision } from './trust-policy';

/** A node's optional outbound policy: it can only narrow what its hub allows, never widen it. */
export class NodePolicySpec {
  @Matches(PARTY_ID, { message: 'node must be a node id' })
  node!: string;

  /** The widest TLP this node sends into the mesh. */
  @IsOptional()
  @IsIn(TLPS)
  maxTlp?: Tlp;

  /** Scopes this node may use. */
  @IsOptional()
  @IsArray()
  @IsIn(SCOPES, { each: true })
  scopes?: Scope[];

  /** Categories this node never sends. */
  @IsOptional()
  @IsArray()
  @IsIn(CATEGORIES, { each: true })
  denyCategories?: Category[];

  /** Nodes this node never names as recipients. */
  @IsOptional()
  @IsArray()
  @Matches(PARTY_ID, { each: true })
  denyRecipients?: string[];
}

export interface NodePolicy {
  node: string;
  maxTlp?: Tlp;
  scopes?: ReadonlySet<Scope>;
  denyCategories: ReadonlySet<Category>;
  denyRecipients: ReadonlySet<string>;
}

export function parseNodePolicy(text: string, source: string): NodePolicy {
  const spec = parseDocument({ text, source }, { schema: NodePolicySpec, error: PolicyError });
  return {
    node: spec.node,
    maxTlp: spec.maxTlp,
    scopes: spec.scopes ? new Set(spec.scopes) : undefined,
    denyCategories: new Set(spec.denyCategories ?? []),
    denyRecipients: new Set(spec.denyRecipients ?? []),
  };
}

/** What the node's own policy refuses about an alert before it leaves; empty when it may go. */
export function checkOutbound(policy: NodePolicy, alert: AlertFacts): Reason[] {
  const denies: Reason[] = [];
  if (policy.maxTlp && tlpRank(alert.tlp) > tlpRank(policy.maxTlp)) {
    denies.push({ code: 'node-tlp-ceiling', text: `this node sends at most TLP:${policy.maxTlp}` });
  }
  if (policy.scopes && !policy.scopes.has(alert.scope)) {
    denies.push({ code: 'node-scope', text: `this node sends only with scope ${[...policy.scopes].join(', ')}` });
  }
  if (policy.denyCategories.has(alert.category)) {
    denies.push({ code: 'node-category', text: `this node does not send ${alert.category} alerts into the mesh` });
  }
  const barred = (alert.recipients ?? []).filter((r) => policy.denyRecipients.has(r));
  if (barred.length > 0) denies.push({ code: 'node-recipient', text: `this node never names ${barred.join(', ')}` });
  return denies;
}

/**
 * The outcome for a recipient when both the node's and the hub's policies apply: a refusal by
 * either stands. By construction the node's policy can only narrow its hub's decision.
 */
export function combine(nodeDenies: Reason[], hubDecision: Decision): Decision {
  if (nodeDenies.length === 0) return hubDecision;
  return {
    verdict: 'refuse',
    reasons: [...nodeDenies, ...(hubDecision.verdict === 'refuse' ? hubDecision.reasons : [])],
    policy: hubDecision.policy,
  };
}
