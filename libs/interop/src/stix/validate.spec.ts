import { tlpMarking } from './tlp';
import { checkStixBundle } from './validate';

const IDENTITY = 'identity--8b8f5f4e-3d1a-5b7c-9e8f-0a1b2c3d4e5f';
const INDICATOR = 'indicator--1c2d3e4f-5a6b-5c7d-8e9f-0a1b2c3d4e5f';
const GREEN: Record<string, unknown> = { ...tlpMarking('GREEN') };
const common = { spec_version: '2.1', created: '2026-11-22T11:00:00.000Z', modified: '2026-11-22T11:00:00.000Z' };

const bundle = (objects: Array<Record<string, unknown>> = []): Record<string, unknown> => ({
  type: 'bundle',
  id: 'bundle--0a1b2c3d-4e5f-4a6b-8c7d-9e8f0a1b2c3d',
  objects: [
    { type: 'identity', id: IDENTITY, ...common, name: 'CERT', identity_class: 'organization' },
    GREEN,
    {
      type: 'indicator',
      id: INDICATOR,
      ...common,
      created_by_ref: IDENTITY,
      object_marking_refs: [GREEN.id],
      pattern: "[ipv4-addr:value = '192.0.2.7']",
      pattern_type: 'stix',
      valid_from: '2026-11-22T11:00:00Z',
    },
    {
      type: 'report',
      id: 'report--2d3e4f5a-6b7c-5d8e-9f0a-1b2c3d4e5f6a',
      ...common,
      name: 'r',
      published: '2026-11-22T11:00:00.000Z',
      object_refs: [INDICATOR],
    },
    ...objects,
  ],
});

/** The bundle with one property of its object at `index` replaced (undefined: removed). */
const changed = (index: number, property: string, value: unknown): Record<string, unknown> => {
  const document = bundle();
  const objects = document.objects as Array<Record<string, unknown>>;
  const object = { ...objects[index] };
  if (value === undefined) delete object[property];
  else object[property] = value;
  objects[index] = object;
  return document;
};

describe(checkStixBundle.name, () => {
  it('passes a well-formed bundle', () => {
    expect(checkStixBundle(bundle())).toEqual([]);
    expect(checkStixBundle({ type: 'bundle', id: 'bundle--0a1b2c3d-4e5f-4a6b-8c7d-9e8f0a1b2c3d' })).toEqual([]);
    expect(checkStixBundle(changed(2, 'modified', '2026-11-22T11:00:00.0001Z'))).toEqual([]);
    expect(checkStixBundle(changed(2, 'valid_until', '2026-11-22T11:00:00.001Z'))).toEqual([]);
  });

  it.each<[string, Record<string, unknown>]>([
    ['indicator--1c2d3e4f-5a6b-5c7d-8e9f-0a1b2c3d4e5f): the required property pattern is missing', changed(2, 'pattern', undefined)],
    ['is not precise to the millisecond', changed(2, 'created', '2026-11-22T11:00:00Z')],
    ['modified is before created', changed(2, 'modified', '2026-11-22T10:59:59.999Z')],
    ['valid_until must be later than valid_from', changed(2, 'valid_until', '2026-11-22T11:00:00.000Z')],
    ['valid_from: "2026-11-22 11:00:00Z" is not a timestamp', changed(2, 'valid_from', '2026-11-22 11:00:00Z')],
    ['is not a real instant', changed(2, 'valid_from', '2026-02-30T11:00:00Z')],
    ['"2026-11-22T11:00:00+01:00" is not a timestamp', changed(2, 'valid_from', '2026-11-22T11:00:00+01:00')],
    ['is not indicator--<uuid of version 1 to 5>', changed(2, 'id', 'indicator--0190e7a4-0000-7000-8000-000000000001')],
    [
      '"report--1c2d3e4f-5a6b-5c7d-8e9f-0a1b2c3d4e5f" is not indicator--<uuid',
      changed(2, 'id', 'report--1c2d3e4f-5a6b-5c7d-8e9f-0a1b2c3d4e5f'),
    ],
    ['spec_version is not "2.1"', changed(2, 'spec_version', '2.0')],
    ['the pattern is not valid', changed(2, 'pattern', '[ipv4-addr:value = 1')],
    [
      'created_by_ref: identity--9b8f5f4e-3d1a-5b7c-9e8f-0a1b2c3d4e5f is not in the bundle',
      changed(2, 'created_by_ref', 'identity--9b8f5f4e-3d1a-5b7c-9e8f-0a1b2c3d4e5f'),
    ],
    ['object_marking_refs: "TLP:GREEN" is not an id', changed(2, 'object_marking_refs', ['TLP:GREEN'])],
    ['labels is an empty list', changed(2, 'labels', [])],
    ['object_refs is an empty list', changed(3, 'object_refs', [])],
    ['the required property published is missing', changed(3, 'published', undefined)],
    ['the required property name is missing', changed(0, 'name', undefined)],
    ['is not exactly the TLP 2.0 marking TLP:GREEN', changed(1, 'name', 'TLP:RED')],
    ['is not one of the predefined TLP 1.0 markings', changed(1, 'definition_type', 'tlp')],
    ['cannot be versioned', changed(1, 'modified', '2026-11-22T11:00:00.000Z')],
    ['a STIX 2.1 bundle has no spec_version', { ...bundle(), spec_version: '2.1' }],
    ['is not bundle--<uuid>', { ...bundle(), id: 'bundle--x' }],
    ['objects is not a list of one or more objects', { ...bundle(), objects: [] }],
    ['repeats an object version', bundle([GREEN])],
  ])('finds what is wrong: %s', (problem, document) => {
    expect(checkStixBundle(document)).toContainEqual(expect.stringContaining(problem));
  });

  it('passes the predefined TLP 1.0 markings, and refuses a made-up one', () => {
    const white = {
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      name: 'TLP:WHITE',
      definition: { tlp: 'white' },
    };
    expect(checkStixBundle(bundle([white]))).toEqual([]);
    const madeUp = { ...white, id: 'marking-definition--7a1b2c3d-4e5f-4a6b-8c7d-9e8f0a1b2c3d' };
    expect(checkStixBundle(bundle([madeUp]))).toEqual([expect.stringContaining('is not one of the predefined TLP 1.0 markings')]);
  });
});
