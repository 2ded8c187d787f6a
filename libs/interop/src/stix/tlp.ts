import { canonicalize } from 'json-canonicalize';
import { TLPS, type Tlp } from '@cirtmesh/contracts';
import type { StixId, StixTlpMarking } from './types';

/** The extension that defines the TLP 2.0 marking definitions (oasis-open/cti-stix-common-objects). */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

const TLP2_CREATED = '2022-10-01T00:00:00.000Z';

/** The TLP 2.0 marking definitions: the only markings the export writes. */
const TLP2: Record<Tlp, { id: StixId<'marking-definition'>; value: string }> = {
  CLEAR: { id: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487', value: 'clear' },
  GREEN: { id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb', value: 'green' },
  AMBER: { id: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421', value: 'amber' },
  'AMBER+STRICT': { id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003', value: 'amber+strict' },
  RED: { id: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1', value: 'red' },
};

/** The TLP 1.0 marking definitions that STIX 2.1 §7.2.1.4 predefines; WHITE reads as CLEAR. */
const TLP1: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
};

/** The TLP 2.0 marking-definition object for a TLP, exactly as the extension's examples have it. */
export function tlpMarking(tlp: Tlp): StixTlpMarking {
  const { id, value } = TLP2[tlp];
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id,
    created: TLP2_CREATED,
    name: `TLP:${tlp}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: value } },
  };
}

/** The TLP that a well-known TLP 2.0 or TLP 1.0 marking-definition id stands for. */
export function tlpOfMarkingId(id: string): Tlp | undefined {
  return TLPS.find((tlp) => TLP2[tlp].id === id) ?? TLP1[id];
}

/** A TLP level as STIX markings spell it (`white`, `clear`, `amber+strict`, …), case aside. */
export function tlpOfLevel(level: unknown): Tlp | undefined {
  if (typeof level !== 'string') return undefined;
  const upper = level.trim().toUpperCase();
  if (upper === 'WHITE') return 'CLEAR';
  return TLPS.find((tlp) => tlp === upper);
}

/**
 * The TLP a marking-definition object carries: by its well-known id, else by a TLP 1.0
 * `definition_type: "tlp"` definition, else by the TLP 2.0 extension's `tlp_2_0`.
 */
export function tlpOfMarkingObject(marking: Record<string, unknown>): Tlp | undefined {
  if (typeof marking.id === 'string') {
    const known = tlpOfMarkingId(marking.id);
    if (known) return known;
  }
  const definition = marking.definition as Record<string, unknown> | undefined;
  if (marking.definition_type === 'tlp' && definition && typeof definition === 'object') return tlpOfLevel(definition.tlp);
  const extensions = marking.extensions as Record<string, Record<string, unknown> | undefined> | undefined;
  const tlp2 = extensions && typeof extensions === 'object' ? extensions[TLP2_EXTENSION_ID] : undefined;
  return tlp2 && typeof tlp2 === 'object' ? tlpOfLevel(tlp2.tlp_2_0) : undefined;
}

/** The strictest of some TLPs (RED over AMBER+STRICT over … over CLEAR); undefined for none. */
export function strictestTlp(tlps: Iterable<Tlp>): Tlp | undefined {
  let strictest: Tlp | undefined;
  for (const tlp of tlps) if (strictest === undefined || TLPS.indexOf(tlp) > TLPS.indexOf(strictest)) strictest = tlp;
  return strictest;
}

/** True when a marking-definition object is exactly one of the five TLP 2.0 definitions. */
export function isTlp2Marking(marking: Record<string, unknown>): boolean {
  const tlp = TLPS.find((t) => TLP2[t].id === marking.id);
  return tlp !== undefined && canonicalize(marking) === canonicalize(tlpMarking(tlp));
}
