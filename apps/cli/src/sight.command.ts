import type { SightingRequest } from '@cirtmesh/client';
import { Command } from 'commander';
import { EXIT } from './errors';
import { positiveInt, requireFlags } from './options';
import { formatFeedback } from './operator-format';
import { pretty, type OperatorSpec } from './operator';

type SightFlags = { count: string; firstSeen: string; lastSeen: string; note?: string };

/** `cirtmesh sight ID`: "we see this too", how many times and between when and when. */
export const sight: OperatorSpec<{ id: string; sighting: SightingRequest }> = {
  define: () =>
    new Command('sight')
      .description("tell the alert's origin that you see it too")
      .argument('<ID>', 'the alert id')
      .option('--count <N>', 'how many times you saw it (required)')
      .option('--first-seen <ISO>', 'when you saw it first (required)')
      .option('--last-seen <ISO>', 'when you saw it last (required)')
      .option('--note <T>', 'a note for the origin'),
  request: (command) => {
    requireFlags(command, ['--count', '--first-seen', '--last-seen'], (missing) => `sight needs ${missing}`);
    const { count, firstSeen, lastSeen, note } = command.opts<SightFlags>();
    const sighting: SightingRequest = { count: positiveInt('count', count)!, firstSeen, lastSeen };
    if (note !== undefined) sighting.note = note;
    return { id: command.args[0], sighting };
  },
  run: async ({ id, sighting, json }, { client, io }) => {
    const receipt = await client.reportSighting(id, sighting);
    io.out(json ? pretty(receipt) : formatFeedback(receipt));
    return EXIT.ok;
  },
};
