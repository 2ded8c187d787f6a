import { EXPORT_FORMATS, type ExportFormat } from '@cirtmesh/client';
import { Command, Option } from 'commander';
import { writeFileSync } from 'node:fs';
import { EXIT, UsageError } from './errors';
import { requireFlags } from './options';
import { pretty, type OperatorSpec } from './operator';

interface ExportRequest {
  id: string;
  format: ExportFormat;
  out?: string;
}

const DOCUMENT: Record<ExportFormat, string> = { stix: 'a STIX 2.1 bundle', misp: 'a MISP event' };

/** `cirtmesh export ID --format stix|misp`: one alert as a document for tools that take files. */
export const exportCommand: OperatorSpec<ExportRequest> = {
  define: () =>
    new Command('export')
      .description('an alert as a STIX 2.1 bundle or a MISP event, on standard output or in a file')
      .argument('<ALERT_ID>', 'the alert id')
      .addOption(new Option('--format <FORMAT>', 'the format (required)').choices(EXPORT_FORMATS))
      .option('--out <FILE>', 'write the document to FILE instead of standard output'),
  request: (command) => {
    requireFlags(command, ['--format'], () => `export needs --format ${EXPORT_FORMATS.join(' or ')}`);
    const { format, out } = command.opts<{ format: ExportFormat; out?: string }>();
    return { id: command.args[0], format, ...(out === undefined ? {} : { out }) };
  },
  run: async ({ id, format, out, json }, { client, io }) => {
    const exported = await client.exportAlert(id, format);
    if (out === undefined) {
      io.out(exported.text);
      return EXIT.ok;
    }
    try {
      writeFileSync(out, exported.text);
    } catch (error) {
      throw new UsageError(`cannot write ${out}: ${(error as Error).message}`);
    }
    const bytes = Buffer.byteLength(exported.text);
    io.out(json ? pretty({ id, format, out, bytes }) : `exported ${id} as ${DOCUMENT[format]} to ${out} (${bytes} bytes)`);
    return EXIT.ok;
  },
};
