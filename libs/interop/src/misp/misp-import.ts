import type { ImportResult } from '../draft';
import { objectOf } from '../json-values';
import { draftFromEvent } from './misp-event-draft';
import { mispItems, type MispImportOptions } from './misp-events';

/**
 * MISP event JSON as alert drafts: `{"Event": {…}}`, a list of them, or `{"response": […]}` as
 * MISP's REST search returns. One draft per event, keyed `misp:<event uuid>@<event timestamp>`,
 * so that a new version of an event is a new draft and the same version is imported once.
 *
 * - title from `info`; severity from `threat_level_id` (1 high, 2 medium, 3 and 4 low);
 * - TLP: the strictest `tlp:*` tag of the event and its attributes, TLP 1.0 and 2.0 names (none: no `tlp`, the node default applies);
 * - scope from `distribution`: 0 national, 1 and 2 regional, 3 global, 4 see `MispImportOptions`; none (a feed's events): no scope;
 * - category from the event's taxonomy tags (cirtmesh, circl, ecsirt, rsit) when one maps clearly, else `other`;
 * - description from `comment` and `text` attributes, references from `link` attributes (http and https only);
 * - indicators from the `to_ids` attributes of the event and of its objects whose types map, checked and de-duplicated.
 *
 * Attributes that are not indicators (`to_ids` off, types without a cirtmesh type, invalid
 * values, a narrower distribution than the event's) are listed in `skipped` with the reason, and
 * so is an event that cannot be imported. Throws MispInvalidError only when the document is not
 * MISP event JSON at all.
 */
export function draftsFromMisp(document: unknown, options: MispImportOptions = {}): ImportResult {
  const result: ImportResult = { drafts: [], skipped: [] };
  mispItems(document).forEach((item, index) => {
    const event = objectOf(objectOf(item)?.Event);
    if (event === undefined) {
      result.skipped.push({ what: `item #${index}`, reason: 'not a MISP event: expected {"Event": {…}}' });
      return;
    }
    const { draft, skipped } = draftFromEvent(event, options, index);
    if (draft !== undefined) result.drafts.push(draft);
    result.skipped.push(...skipped);
  });
  return result;
}
