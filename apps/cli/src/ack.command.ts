import { Command } from 'commander';
import { EXIT } from './errors';
import { formatFeedback } from './operator-format';
import { pretty, type OperatorSpec } from './operator';

/** `cirtmesh ack ID`: "we have acted", sent back to the alert's origin and only there. */
export const ack: OperatorSpec<{ id: string; note?: string }> = {
  define: () =>
    new Command('ack')
      .description("tell the alert's origin that you have acted")
      .argument('<ID>', 'the alert id')
      .option('--note <T>', 'a note for the origin'),
  request: (command) => ({ id: command.args[0], note: command.opts<{ note?: string }>().note }),
  run: async ({ id, note, json }, { client, io }) => {
    const receipt = await client.ack(id, note === undefined ? {} : { note });
    io.out(json ? pretty(receipt) : formatFeedback(receipt));
    return EXIT.ok;
  },
};
