import { html, nothing, type TemplateResult } from 'lit-html';
import type { Severity, Tlp } from './vocabulary';

/** TLP 2.0 labels as FIRST prints them: coloured text on black (see console.css). */
export function tlpLabel(tlp: Tlp): TemplateResult {
  return html`<span class="tlp tlp-${tlp.toLowerCase().replace('+', '-')}">TLP:${tlp}</span>`;
}

export function severityBadge(severity: Severity): TemplateResult {
  return html`<span class="severity severity-${severity}">${severity}</span>`;
}

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A local date and time; the exact instant in ISO 8601 on hover and for machines. */
export function when(iso: string | undefined): TemplateResult | typeof nothing {
  if (!iso) return nothing;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return html`${iso}`;
  return html`<time datetime=${iso} title=${iso}>${dateTime.format(date)}</time>`;
}

/** Bytes for people: 1.2 MB. */
export function bytes(n: number): string {
  if (n < 1_000) return `${n} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = n;
  let unit = -1;
  while (value >= 1_000 && unit < units.length - 1) {
    value /= 1_000;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export function duration(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3_600);
  const m = Math.floor((seconds % 3_600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${s} s`;
  return `${s} s`;
}

/** A list of words, or a dash for none. */
export function list(items: readonly string[] | undefined): string {
  return items && items.length > 0 ? items.join(', ') : '—';
}

/** `datetime-local` gives a local time without a zone; the API wants an instant. Odd text is passed on as typed. */
export function instant(local: string): string {
  const date = new Date(local);
  return Number.isNaN(date.getTime()) ? local : date.toISOString();
}
