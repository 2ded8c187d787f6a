/** Reading the header-style text of mail: the fields of a header block, and a media type with its parameters. */

/** At most this many fields are read of one header block. */
const MAX_FIELDS = 1_000;

/**
 * The fields of a header block (RFC 5322 §2.2): `Name: value` lines, a line that starts with
 * white space continuing the one before, up to the first empty line. Names are lower-cased;
 * each name keeps its values in order, so that a field given twice can be told.
 */
export function headerFields(text: string): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  let current: { name: string; value: string } | undefined;
  let count = 0;
  const flush = (): void => {
    if (current !== undefined) fields.set(current.name, [...(fields.get(current.name) ?? []), current.value.trim()]);
    current = undefined;
  };
  for (const line of text.replace(/^(?:\r?\n)+/, '').split(/\r?\n/)) {
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line)) {
      if (current !== undefined) current.value += ` ${line.trim()}`;
      continue;
    }
    flush();
    const colon = line.indexOf(':');
    if (colon > 0 && (count += 1) <= MAX_FIELDS)
      current = { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1) };
  }
  flush();
  return fields;
}

/** A media type (`multipart/report; report-type=feedback-report`): the type lower-cased, its parameters by lower-cased name. */
export function mediaType(value: string): { type: string; parameters: Map<string, string> } {
  const semicolon = value.indexOf(';');
  const type = (semicolon < 0 ? value : value.slice(0, semicolon)).trim().toLowerCase();
  const parameters = new Map<string, string>();
  const rest = semicolon < 0 ? '' : value.slice(semicolon);
  for (const match of rest.matchAll(/;\s*([^=\s;]+)\s*=\s*(?:"([^"]*)"|([^;\s]*))/g)) {
    parameters.set(match[1].toLowerCase(), match[2] ?? match[3] ?? '');
  }
  return { type, parameters };
}
