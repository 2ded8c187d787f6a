import { IMPORT_FORMATS, type ImportFormat } from '@cirtmesh/client';
import { UsageError } from './errors';
import { inputName } from './input';

/** A document ready to send: its format, and its body (JSON as text, an ARF message as its bytes). */
export interface ImportDocument {
  format: ImportFormat;
  body: string | Uint8Array;
}

/** The document read as JSON, or why it is not JSON. */
function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The format of a JSON document: a STIX bundle (`"type": "bundle"`) or a TAXII envelope (an
 * `objects` list); MISP event JSON (`Event`, or `response` as MISP's REST search answers); an
 * X-ARF report (`xarf_version`, or v3's `Version` with its `Report`). A list is judged by its
 * first object: MISP and X-ARF take lists of events and reports.
 */
export function formatOfJson(value: unknown): ImportFormat | undefined {
  const first = Array.isArray(value) ? value.find(isObject) : value;
  if (!isObject(first)) return undefined;
  if (!Array.isArray(value) && (first.type === 'bundle' || Array.isArray(first.objects))) return 'stix';
  if ('Event' in first || (!Array.isArray(value) && 'response' in first)) return 'misp';
  if ('xarf_version' in first || ('Version' in first && 'Report' in first)) return 'xarf';
  return undefined;
}

/** The header block of a mail message, folded lines joined: up to the first empty line. */
function mailHeader(text: string): string {
  const end = text.search(/\r?\n\r?\n/);
  return (end < 0 ? text : text.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
}

/** A MIME message whose Content-Type is `multipart/report`, as an ARF feedback report is. */
export function isReportMessage(text: string): boolean {
  return /^content-type:[ \t]*multipart\/report\b/im.test(mailHeader(text));
}

/**
 * What `import` sends: the format given, else the one the content says (a usage error when it
 * says none). The JSON formats must be JSON, which is checked here so that a broken file is bad
 * usage rather than the node's refusal; an ARF message goes as its bytes.
 */
export function importDocument(path: string, bytes: Uint8Array, given?: ImportFormat): ImportDocument {
  if (given === 'arf') return { format: given, body: bytes };
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  const json = parseJson(text);
  const format = given ?? ('value' in json ? formatOfJson(json.value) : isReportMessage(text) ? 'arf' : undefined);
  if (format === undefined) {
    throw new UsageError(
      `cannot tell the format of ${inputName(path)}: it is neither a STIX bundle, MISP event JSON, an X-ARF report ` +
        `nor a multipart/report mail message; pass --format ${IMPORT_FORMATS.join('|')}`,
    );
  }
  if (format === 'arf') return { format, body: bytes };
  if ('error' in json) throw new UsageError(`${inputName(path)} is not valid JSON, as ${format} must be: ${json.error}`);
  return { format, body: text };
}
