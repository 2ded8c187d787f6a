import type { AlertSubmissionDto } from '@cirtmesh/contracts';
import { instant } from './format';
import { textField } from './forms';

/** One row of the indicators table on the submit form. */
export interface IndicatorRow {
  key: number;
  type: string;
  value: string;
}

/** Words separated by commas, spaces or new lines. */
function words(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((w) => w.trim())
    .filter((w) => w.length > 0);
}

function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/**
 * The submit form as the body of `POST /api/v1/alerts`. Empty fields are left out; nothing is
 * checked here, so what the operator sees about a bad field is the node's own message.
 */
export function toSubmission(data: FormData, indicators: readonly IndicatorRow[]): AlertSubmissionDto {
  const text = (name: string): string => textField(data, name);
  const body: Record<string, unknown> = {
    title: text('title'),
    category: text('category'),
    severity: text('severity'),
    tlp: text('tlp'),
    scope: text('scope'),
  };
  const description = text('description');
  if (description) body.description = description;
  for (const name of ['recipients', 'groups'] as const) {
    const list = words(text(name));
    if (list.length > 0) body[name] = list;
  }
  const sectors = text('sectors')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (sectors.length > 0) body.sectors = sectors;
  const references = lines(text('references'));
  if (references.length > 0) body.references = references;
  const filled = indicators.filter((i) => i.value.trim().length > 0).map((i) => ({ type: i.type, value: i.value.trim() }));
  if (filled.length > 0) body.indicators = filled;
  for (const name of ['validUntil', 'notBefore'] as const) {
    const value = text(name);
    if (value) body[name] = instant(value);
  }
  return body as unknown as AlertSubmissionDto;
}
