import { TLPS } from '@cirtmesh/contracts';
import { isTlp2Marking, strictestTlp, TLP2_EXTENSION_ID, tlpMarking, tlpOfLevel, tlpOfMarkingId, tlpOfMarkingObject } from './tlp';

describe(tlpMarking.name, () => {
  it('writes the TLP 2.0 GREEN marking as the extension defines it', () => {
    expect(tlpMarking('GREEN')).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
      created: '2022-10-01T00:00:00.000Z',
      name: 'TLP:GREEN',
      extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'green' } },
    });
  });

  it.each(TLPS)('reads back %s from its own marking, by id and by content', (tlp) => {
    const marking = tlpMarking(tlp);
    expect(tlpOfMarkingId(marking.id)).toBe(tlp);
    expect(tlpOfMarkingObject({ ...marking, id: 'marking-definition--00000000-0000-4000-8000-000000000000' })).toBe(tlp);
    expect(isTlp2Marking({ ...marking })).toBe(true);
    expect(marking).not.toHaveProperty('definition_type');
  });

  it('refuses a TLP 2.0 marking with a wrong value or name', () => {
    const amber = tlpMarking('AMBER');
    expect(isTlp2Marking({ ...amber, name: 'TLP:AMBER+STRICT' })).toBe(false);
    expect(isTlp2Marking({ ...amber, extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: 'red' } } })).toBe(
      false,
    );
  });
});

describe(tlpOfMarkingObject.name, () => {
  it.each([
    ['marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', 'CLEAR'],
    ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', 'GREEN'],
    ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', 'AMBER'],
    ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', 'RED'],
  ])('knows the TLP 1.0 marking %s as %s', (id, tlp) => {
    expect(tlpOfMarkingId(id)).toBe(tlp);
  });

  it('reads a TLP 1.0 definition and the TLP 2.0 extension of an unknown id', () => {
    const id = 'marking-definition--00000000-0000-4000-8000-000000000000';
    expect(tlpOfMarkingObject({ id, definition_type: 'tlp', definition: { tlp: 'white' } })).toBe('CLEAR');
    expect(tlpOfMarkingObject({ id, extensions: { [TLP2_EXTENSION_ID]: { tlp_2_0: 'amber+strict' } } })).toBe('AMBER+STRICT');
    expect(tlpOfMarkingObject({ id, definition_type: 'statement', definition: { statement: 'Copyright' } })).toBeUndefined();
  });
});

describe(strictestTlp.name, () => {
  it('takes the strictest, and nothing of nothing', () => {
    expect(strictestTlp(['GREEN', 'RED', 'AMBER'])).toBe('RED');
    expect(strictestTlp(['AMBER+STRICT', 'AMBER', 'CLEAR'])).toBe('AMBER+STRICT');
    expect(strictestTlp([])).toBeUndefined();
    expect(tlpOfLevel('Amber')).toBe('AMBER');
    expect(tlpOfLevel('purple')).toBeUndefined();
  });
});
