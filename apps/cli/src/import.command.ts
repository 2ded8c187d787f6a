import { IMPORT_FORMATS, type ImportAnswer, type ImportFormat, type ImportOptions } from '@cirtmesh/client';
import type { Scope } from '@cirtmesh/contracts';
import { Command, Option } from 'commander';
import { EXIT } from './errors';
import { importDocument } from './import-document';
import { readInput } from './input';
import { commaList, repeatable } from './options';
import { clean } from './operator-format';
import { pretty, type OperatorSpec } from './operator';

interface ImportRequest {
  path: string;
  format?: ImportFormat;
  options: ImportOptions;
}

type ImportFlags = { format?: ImportFormat; scope?: string; recipients?: string[]; groups?: string[] };

/** One line per alert made, campaign opened or joined, and thing skipped; text from the document made safe for a terminal. */
export function formatImportAnswer(answer: ImportAnswer): string[] {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    ...answer.alerts.map((a) => `imported ${a.id} (scope ${a.scope}, TLP:${a.tlp}): ${clean(a.title)}`),
    ...answer.campaigns.map((c) => `campaign ${clean(c.source)}: ${plural(c.reports, 'report')}, closes ${c.closesAt}`),
    ...answer.skipped.map((s) => `skipped ${clean(s.what)}: ${clean(s.reason)}`),
  ];
}

/** Why nothing came of an import, for the one line on stderr. */
function nothingMade(answer: ImportAnswer): string {
  const skipped = answer.skipped.length;
  if (skipped === 0) return 'nothing imported: the document holds nothing the node could make an alert of';
  return `nothing imported: the node skipped ${skipped === 1 ? 'the one thing' : `all ${skipped} things`} it found`;
}

/** `cirtmesh import FILE`: a STIX bundle, MISP events, X-ARF or ARF reports, made this node's alerts. */
export const importCommand: OperatorSpec<ImportRequest> = {
  define: () =>
    new Command('import')
      .description('import a STIX 2.1 bundle, MISP events, X-ARF reports or an ARF report message as alerts of the node')
      .argument('<FILE>', 'the file to import (- for standard input)')
      .addOption(new Option('--format <FORMAT>', 'the format, when its content does not tell it').choices(IMPORT_FORMATS))
      .option('--scope <S>', 'the scope of every alert made: national, regional or global (else the document says, else the node)')
      .addOption(repeatable('--recipients <IDS>', 'recipients of every alert made, a comma list; AMBER and RED need them or groups'))
      .addOption(repeatable('--groups <G>', 'sharing groups of every alert made, a comma list')),
  request: (command) => {
    const { format, scope, recipients, groups } = command.opts<ImportFlags>();
    const options: ImportOptions = {};
    if (scope !== undefined) options.scope = scope as Scope;
    if (commaList(recipients).length > 0) options.recipients = commaList(recipients);
    if (commaList(groups).length > 0) options.groups = commaList(groups);
    return { path: command.args[0], format, options };
  },
  run: async ({ path, format, options, json }, { client, io }) => {
    const document = importDocument(path, readInput(path), format);
    const answer = await client.importDocument(document.format, document.body, options);
    if (json) io.out(pretty(answer));
    else formatImportAnswer(answer).forEach((line) => io.out(line));
    if (answer.alerts.length + answer.campaigns.length > 0) return EXIT.ok;
    io.err(`cirtmesh: ${nothingMade(answer)}`);
    return EXIT.failed;
  },
};
