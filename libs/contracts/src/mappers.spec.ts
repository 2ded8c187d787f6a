import { plainToInstance } from 'class-transformer';
import { AlertSubmissionDto } from './alert.dto';
import { encodeAlertEvent, InvalidAlertEventError, parseAlertEvent, toAlert, toAlertEvent } from './mappers';

const submission = plainToInstance(AlertSubmissionDto, {
  title: 'Spam run from compromised webmail',
  category: 'spam',
  severity: 'low',
  tlp: 'CLEAR',
  indicators: [{ type: 'email', value: 'sender@example.org' }],
});

const alert = toAlert(submission, 'ke', '01a201ed-9ddc-746a-8036-7b6ac8851935', new Date('2026-11-22T06:00:00Z'));

describe(parseAlertEvent.name, () => {
  it('round-trips an alert through the CloudEvents envelope', () => {
    const event = parseAlertEvent(encodeAlertEvent(toAlertEvent(alert)));
    expect(event).toMatchObject({ specversion: '1.0', source: 'cirtmesh://node/ke', type: 'org.cirtmesh.alert.v1', tlp: 'CLEAR' });
    expect(JSON.parse(JSON.stringify(event.data))).toEqual(JSON.parse(JSON.stringify(alert)));
  });

  it('defaults scope to regional', () => {
    expect(alert.scope).toBe('regional');
  });

  it('refuses bytes that are not JSON', () => {
    expect(() => parseAlertEvent(Buffer.from('{nope'))).toThrow(InvalidAlertEventError);
  });

  it('refuses an envelope whose routing attributes disagree with its data', () => {
    const event = { ...toAlertEvent(alert), tlp: 'CLEAR', data: { ...toAlertEvent(alert).data, tlp: 'RED', recipients: ['ng'] } };
    expect(() => parseAlertEvent(Buffer.from(JSON.stringify(event)))).toThrow(/tlp differs/);
  });

  it('refuses a source that does not match the origin', () => {
    const event = { ...toAlertEvent(alert), source: 'cirtmesh://node/ng' };
    expect(() => parseAlertEvent(Buffer.from(JSON.stringify(event)))).toThrow(/source differs/);
  });

  it('refuses unknown fields inside the alert', () => {
    const event = toAlertEvent(alert);
    const tampered = { ...event, data: { ...event.data, injected: true } };
    expect(() => parseAlertEvent(Buffer.from(JSON.stringify(tampered)))).toThrow(/injected/);
  });
});
