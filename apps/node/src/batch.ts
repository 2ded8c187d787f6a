import { AlertSubmissionDto, type FieldError, type StoredAlert } from '@cirtmesh/contracts';
import { domainErrorAnswer, INVALID_FIELDS, validateItem } from '@cirtmesh/http';
import type { Submission } from '@cirtmesh/node-core';
import { ArrayMaxSize, ArrayNotEmpty, IsArray } from 'class-validator';

/** The most submissions one batch may hold. */
export const BATCH_MAX_ALERTS = 500;
/** The batch route's body limit. */
export const BATCH_MAX_BYTES = 8 * 1024 * 1024;

/** The body of `POST /api/v1/alerts/batch`; each item is checked on its own, as the single endpoint checks it. */
export class AlertBatchDto {
  @IsArray({ message: 'alerts must be a list of alert submissions' })
  @ArrayNotEmpty({ message: 'alerts must hold at least one submission' })
  @ArrayMaxSize(BATCH_MAX_ALERTS, { message: `alerts may hold at most ${BATCH_MAX_ALERTS} submissions` })
  alerts!: unknown[];
}

export interface BatchItemResult {
  index: number;
  status: number;
  id?: string;
  seq?: number;
  error?: string;
  details?: FieldError[] | Record<string, unknown>;
}

/** The items that are valid submissions, and the answers of those that are not. */
export function checkBatch(items: unknown[]): { valid: { index: number; submission: Submission }[]; refused: BatchItemResult[] } {
  const valid: { index: number; submission: Submission }[] = [];
  const refused: BatchItemResult[] = [];
  items.forEach((item, index) => {
    const checked = validateItem(AlertSubmissionDto, item);
    if ('errors' in checked) refused.push({ index, status: 400, error: INVALID_FIELDS, details: checked.errors });
    else valid.push({ index, submission: { submission: checked.value } });
  });
  return { valid, refused };
}

/** One stored item's answer: 202 as the single endpoint gives, or its refusal with the same status and reasons. */
export function itemResult(index: number, result: PromiseSettledResult<StoredAlert>): BatchItemResult {
  if (result.status === 'fulfilled') return { index, status: 202, id: result.value.alert.id, seq: result.value.seq };
  const answer = domainErrorAnswer(result.reason);
  if (answer) return { index, status: answer.status, error: answer.message, ...(answer.details ? { details: answer.details } : {}) };
  return { index, status: 503, error: 'the alert could not be stored now and nothing of it was kept; submit it again' };
}
