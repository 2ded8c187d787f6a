import type { Reason } from '@cirtmesh/contracts';
import type { Decision } from './trust-policy';

export const reason = (code: string, text: string): Reason => ({ code, text });

export function refuse(reasons: Reason[]): Omit<Decision, 'policy'> {
  return { verdict: 'refuse', reasons };
}

/** What the checks of a decision found so far: any deny wins, and a refusal lists every one. */
export interface Findings {
  denies: Reason[];
  allows: Reason[];
}
