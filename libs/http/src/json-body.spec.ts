import { jsonBodyOptions, jsonDepth } from './json-body';

describe(jsonDepth.name, () => {
  it('counts nesting without being fooled by brackets in strings', () => {
    expect(jsonDepth(Buffer.from('{"a":[1,{"b":2}]}'))).toBe(3);
    expect(jsonDepth(Buffer.from('{"a":"[[[[{{{{\\"]]]"}'))).toBe(1);
    expect(jsonDepth(Buffer.from('1'))).toBe(0);
    expect(jsonDepth(Buffer.from('['.repeat(100_000)))).toBe(100_000);
  });
});

describe(jsonBodyOptions.name, () => {
  const { verify, reviver } = jsonBodyOptions(1024);

  it('refuses deep nesting before parsing, with a 400', () => {
    expect(() => verify(undefined, undefined, Buffer.from('['.repeat(17) + ']'.repeat(17)))).toThrow(/nested deeper than 16/);
    expect(() => verify(undefined, undefined, Buffer.from('[[1]]'))).not.toThrow();
  });

  it('refuses prototype keys anywhere in the body', () => {
    expect(() => void JSON.parse('{"a":{"__proto__":{"x":1}}}', reviver)).toThrow(/forbidden key "__proto__"/);
    expect(() => void JSON.parse('{"constructor":1}', reviver)).toThrow(/forbidden key "constructor"/);
    expect(JSON.parse('{"title":"constructor"}', reviver)).toEqual({ title: 'constructor' });
  });
});
