import { v5 as uuidv5 } from 'uuid';
import { CIRTMESH_STIX_NAMESPACE, isStixId, stixId } from './ids';

describe(stixId.name, () => {
  it('computes UUIDv5 as RFC 4122 does (the DNS namespace vector)', () => {
    expect(uuidv5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('computes the STIX deterministic id of an ipv4-addr SCO as the OASIS namespace gives it', () => {
    expect(`ipv4-addr--${uuidv5('{"value":"198.51.100.3"}', '00abedb4-aa42-466c-9c01-fed23315a9b7')}`).toBe(
      'ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4',
    );
  });

  it('gives the same id for the same name every time, and a version 5 UUID', () => {
    const id = stixId('report', '0190e7a4-0000-7000-8000-000000000001');
    expect(stixId('report', '0190e7a4-0000-7000-8000-000000000001')).toBe(id);
    expect(id).toBe(`report--${uuidv5('0190e7a4-0000-7000-8000-000000000001', CIRTMESH_STIX_NAMESPACE)}`);
    expect(id).toMatch(/^report--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps its namespace apart from the OASIS cyber-observable namespace', () => {
    expect(CIRTMESH_STIX_NAMESPACE).not.toBe('00abedb4-aa42-466c-9c01-fed23315a9b7');
    expect(CIRTMESH_STIX_NAMESPACE).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe(isStixId.name, () => {
  it.each([
    ['report--6b2c5f4e-3d1a-5b7c-9e8f-0a1b2c3d4e5f', undefined, true],
    ['report--6b2c5f4e-3d1a-5b7c-9e8f-0a1b2c3d4e5f', 'report', true],
    ['report--6b2c5f4e-3d1a-5b7c-9e8f-0a1b2c3d4e5f', 'indicator', false],
    ['report--0190e7a4-0000-7000-8000-000000000001', undefined, false],
    ['Report--6b2c5f4e-3d1a-5b7c-9e8f-0a1b2c3d4e5f', undefined, false],
    ['report-6b2c5f4e-3d1a-5b7c-9e8f-0a1b2c3d4e5f', undefined, false],
    ['report--6b2c5f4e-3d1a-5b7c-7e8f-0a1b2c3d4e5f', undefined, false],
    [42, undefined, false],
  ])('%s (of type %s) is an id: %s', (value, type, expected) => {
    expect(isStixId(value, type)).toBe(expected);
  });
});
