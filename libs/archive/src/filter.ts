import { severityRank, type DeliveryOutcome, type HandoffSummary, type StoredAlert } from '@cirtmesh/contracts';
import sift from 'sift';
import { InvalidCursorError, type AlertFilter } from './alert-archive';
import { filterQuery } from './queries';
import { wordsOf } from './search-keys';

/**
 * The live stream's filter: the same query documents the stores run, over the fields a fresh
 * record has, so a stream and a list with the same filter pick the same alerts.
 */
export function compileFilter(filter: AlertFilter): (record: StoredAlert) => boolean {
  const parts = filterQuery(filter);
  if (parts.length === 0) return () => true;
  const test = sift({ $and: parts });
  const needsWords = filter.q !== undefined;
  return (record) => {
    const { alert } = record;
    return test({
      direction: record.direction,
      origin: alert.origin,
      category: alert.category,
      severityRank: severityRank(alert.severity),
      tlp: alert.tlp,
      createdAt: new Date(alert.createdAt),
      words: needsWords ? wordsOf(`${alert.title}\n${alert.description ?? ''}`) : [],
    });
  };
}

export function encodeCursor(seq: number): string {
  return Buffer.from(`seq:${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^seq:(\d{1,15})$/.exec(text);
  if (!match) throw new InvalidCursorError();
  return Number(match[1]);
}

/** Per recipient, the latest decision wins; on a tie a delivery beats a deferral beats a refusal. */
export function mergeDeliveries(current: DeliveryOutcome[] = [], incoming: DeliveryOutcome[]): DeliveryOutcome[] {
  const rank = { refused: 0, deferred: 1, delivered: 2 } as const;
  const byRecipient = new Map(current.map((d) => [d.recipient, d]));
  for (const outcome of incoming) {
    const held = byRecipient.get(outcome.recipient);
    const later =
      !held || outcome.decidedAt > held.decidedAt || (outcome.decidedAt === held.decidedAt && rank[outcome.outcome] > rank[held.outcome]);
    if (later) byRecipient.set(outcome.recipient, outcome);
  }
  return [...byRecipient.values()].sort((a, b) => (a.recipient < b.recipient ? -1 : a.recipient > b.recipient ? 1 : 0));
}

/** Merges hand-offs into a record's: per hub and next hub, the latest decision wins. */
export function mergeHandoffs(current: HandoffSummary[] = [], incoming: HandoffSummary[]): HandoffSummary[] {
  const key = (h: HandoffSummary): string => `${h.hub}>${h.to}`;
  const byHop = new Map(current.map((h) => [key(h), h]));
  for (const handoff of incoming) {
    const held = byHop.get(key(handoff));
    if (!held || handoff.decidedAt > held.decidedAt) byHop.set(key(handoff), handoff);
  }
  return [...byHop.values()].sort((a, b) => (a.decidedAt < b.decidedAt ? -1 : a.decidedAt > b.decidedAt ? 1 : 0));
}
