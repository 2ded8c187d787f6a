import { UsageError } from './errors';
import { formatOfJson, importDocument, isReportMessage } from './import-document';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

const ARF = [
  'From: <abusedesk@example.com>',
  'Subject: FW: Earn money',
  'MIME-Version: 1.0',
  'Content-Type:',
  '  multipart/report; report-type=feedback-report; boundary="b"',
  '',
  '--b',
  'Content-Type: text/plain',
  '',
  '{"type": "bundle"}',
  '--b--',
].join('\r\n');

describe(formatOfJson.name, () => {
  it('tells STIX, MISP and X-ARF by their keys, and a list by its first object', () => {
    expect(formatOfJson({ type: 'bundle', id: 'bundle--1' })).toBe('stix');
    expect(formatOfJson({ objects: [], more: false })).toBe('stix');
    expect(formatOfJson({ Event: { info: 'x' } })).toBe('misp');
    expect(formatOfJson({ response: [] })).toBe('misp');
    expect(formatOfJson([{ Event: {} }, { Event: {} }])).toBe('misp');
    expect(formatOfJson({ xarf_version: '4.2.0' })).toBe('xarf');
    expect(formatOfJson([1, { xarf_version: '4.2.0' }])).toBe('xarf');
    expect(formatOfJson({ Version: '3', ReporterInfo: {}, Report: {} })).toBe('xarf');
  });

  it('tells nothing of JSON that is none of them', () => {
    for (const value of [{}, [], { type: 'indicator' }, { Version: '3' }, 'bundle', null, [{ type: 'bundle' }], [{ response: [] }]])
      expect(formatOfJson(value)).toBeUndefined();
  });
});

describe(isReportMessage.name, () => {
  it('reads the Content-Type of the message header only, folded or not, in any case', () => {
    expect(isReportMessage(ARF)).toBe(true);
    expect(isReportMessage('content-type: Multipart/Report; report-type=feedback-report\n\nbody')).toBe(true);
    expect(isReportMessage('Subject: hi\nContent-Type: text/plain\n\nContent-Type: multipart/report')).toBe(false);
  });
});

describe(importDocument.name, () => {
  it('guesses the format when none is given, and sends JSON as text and a mail message as its bytes', () => {
    expect(importDocument('b.json', bytes('\uFEFF{"type":"bundle","objects":[]}'))).toEqual({
      format: 'stix',
      body: '{"type":"bundle","objects":[]}',
    });
    expect(importDocument('-', bytes('[{"Event":{}}]'))).toEqual({ format: 'misp', body: '[{"Event":{}}]' });
    const message = bytes(ARF);
    expect(importDocument('r.eml', message)).toEqual({ format: 'arf', body: message });
  });

  it('takes the format given over what the content says', () => {
    expect(importDocument('e.json', bytes('{"type":"bundle"}'), 'misp')).toEqual({ format: 'misp', body: '{"type":"bundle"}' });
    const message = bytes('Subject: plain mail\n\nhello');
    expect(importDocument('m.eml', message, 'arf')).toEqual({ format: 'arf', body: message });
  });

  it('says to pass --format when the content tells nothing, and names a broken JSON file', () => {
    expect(() => importDocument('x.json', bytes('{"title":"x"}'))).toThrow(
      new UsageError(
        'cannot tell the format of x.json: it is neither a STIX bundle, MISP event JSON, an X-ARF report nor a multipart/report ' +
          'mail message; pass --format stix|misp|xarf|arf',
      ),
    );
    expect(() => importDocument('-', bytes('Subject: hi\n\nplain'))).toThrow(/^cannot tell the format of standard input: /);
    expect(() => importDocument('b.json', bytes('{"type":'), 'stix')).toThrow(/^b\.json is not valid JSON, as stix must be: /);
  });
});
