import { LIMITS } from '@cirtmesh/contracts';
import { isURL } from 'class-validator';
import type { AlertDraft, Skipped } from '../draft';
import { IndicatorList } from '../indicator-list';
import { clip, flagOf, listOf, objectOf, quote, textOf } from '../json-values';
import { indicatorsOfAttribute } from './misp-attribute-types';
import { eventHeader, narrowerDistribution, type MispEventHeader, type MispImportOptions } from './misp-events';
import { categoryOfTags, strictestTlp } from './misp-tags';

/** The most attributes (its own and its objects') read of one event; the rest are skipped in one line. */
export const MISP_MAX_ATTRIBUTES = 10_000;

/** One attribute where it sits: on the event, or in one of its objects. */
interface PlacedAttribute {
  attribute: Record<string, unknown>;
  what: string;
  /** The distribution of the object that holds it, if any. */
  objectDistribution?: string;
}

/** What the attributes of one event give the alert. */
interface EventContent {
  header: MispEventHeader;
  indicators: IndicatorList;
  texts: string[];
  references: string[];
  skipped: Skipped[];
}

function tagNames(holder: Record<string, unknown>): string[] {
  return listOf(holder.Tag).flatMap((tag) => textOf(objectOf(tag)?.name) ?? []);
}

function attributesOf(event: Record<string, unknown>, what: string): { placed: PlacedAttribute[]; beyond: number } {
  const placed: PlacedAttribute[] = [];
  let beyond = 0;
  const place = (attribute: unknown, index: number, where: string, objectDistribution?: string): void => {
    const record = objectOf(attribute);
    if (record === undefined) return;
    if (placed.length >= MISP_MAX_ATTRIBUTES) beyond += 1;
    else placed.push({ attribute: record, what: `${where} attribute ${textOf(record.uuid) ?? `#${index}`}`, objectDistribution });
  };
  listOf(event.Attribute).forEach((attribute, index) => place(attribute, index, what));
  listOf(event.Object).forEach((object, objectIndex) => {
    const record = objectOf(object);
    if (record === undefined) return;
    const where = `${what} object ${textOf(record.name) ?? `#${objectIndex}`}`;
    listOf(record.Attribute).forEach((attribute, index) => place(attribute, index, where, textOf(record.distribution)));
  });
  return { placed, beyond };
}

function addReference(content: EventContent, what: string, url: string): void {
  if (!isURL(url, { require_protocol: true, protocols: ['http', 'https'] }) || url.length > LIMITS.referenceMax) {
    content.skipped.push({ what, reason: `the link ${quote(url)} is not an http(s) URL of at most ${LIMITS.referenceMax} characters` });
  } else if (content.references.includes(url)) {
    return;
  } else if (content.references.length >= LIMITS.referencesMax) {
    content.skipped.push({ what, reason: `an alert holds at most ${LIMITS.referencesMax} references` });
  } else content.references.push(url);
}

function addIndicators(content: EventContent, what: string, type: string, value: string): void {
  const found = indicatorsOfAttribute(type, value);
  if ('unmapped' in found) content.skipped.push({ what, reason: `type ${type} has no cirtmesh indicator type` });
  else if ('reason' in found) content.skipped.push({ what, reason: found.reason });
  else {
    for (const indicator of found.indicators) {
      const reason = content.indicators.add(indicator.type, indicator.value);
      if (reason !== undefined) content.skipped.push({ what, reason });
    }
  }
}

function readAttribute(content: EventContent, placed: PlacedAttribute): void {
  const { attribute } = placed;
  const type = textOf(attribute.type);
  const value = textOf(attribute.value);
  const what = `${placed.what}${type === undefined ? '' : ` (${type})`}`;
  const narrower =
    narrowerDistribution(placed.objectDistribution, content.header.distribution) ??
    narrowerDistribution(textOf(attribute.distribution), content.header.distribution);
  if (type === undefined || value === undefined) content.skipped.push({ what, reason: 'the attribute has no type or no value' });
  else if (flagOf(attribute.deleted) === true) content.skipped.push({ what, reason: 'the attribute is deleted' });
  else if (narrower !== undefined) content.skipped.push({ what, reason: narrower });
  else if (type === 'comment' || type === 'text') content.texts.push(value);
  else if (type === 'link') addReference(content, what, value);
  else if (flagOf(attribute.to_ids) !== true)
    content.skipped.push({ what, reason: `to_ids is not set: this ${type} is context, not an indicator` });
  else addIndicators(content, what, type, value);
}

function draftOf(content: EventContent, tlpTags: string[], categoryTags: string[]): AlertDraft {
  const { header, indicators, texts, references } = content;
  const tlp = strictestTlp(tlpTags);
  const description = texts.length > 0 ? clip(texts.join('\n\n'), LIMITS.descriptionMax) : undefined;
  return {
    key: `misp:${header.uuid}@${header.timestamp}`,
    what: `MISP event ${header.uuid}`,
    submission: {
      title: header.title,
      category: categoryOfTags(categoryTags),
      severity: header.severity,
      ...(tlp === undefined ? {} : { tlp }),
      ...(header.scope === undefined ? {} : { scope: header.scope }),
      ...(description === undefined ? {} : { description }),
      ...(indicators.items.length > 0 ? { indicators: indicators.items } : {}),
      ...(references.length > 0 ? { references } : {}),
    },
  };
}

/** One MISP event (the inside of `{"Event": …}`) as a draft, with what of it was skipped; no draft when the event itself cannot be imported. */
export function draftFromEvent(
  event: Record<string, unknown>,
  options: MispImportOptions,
  index: number,
): { draft?: AlertDraft; skipped: Skipped[] } {
  const header = eventHeader(event, options);
  const name = textOf(event.uuid);
  if ('reason' in header)
    return { skipped: [{ what: name === undefined ? `MISP event #${index}` : `MISP event ${name}`, reason: header.reason }] };
  const what = `MISP event ${header.uuid}`;
  const content: EventContent = { header, indicators: new IndicatorList(), texts: [], references: [], skipped: [] };
  const { placed, beyond } = attributesOf(event, what);
  placed.forEach((attribute) => readAttribute(content, attribute));
  if (beyond > 0) content.skipped.push({ what, reason: `${beyond} attributes beyond the first ${MISP_MAX_ATTRIBUTES} were not read` });
  const overflow = content.indicators.overflowReason();
  if (overflow !== undefined) content.skipped.push({ what, reason: overflow });
  const eventTags = tagNames(event);
  const tlpTags = [...eventTags, ...placed.flatMap((p) => tagNames(p.attribute))];
  return { draft: draftOf(content, tlpTags, eventTags), skipped: content.skipped };
}
