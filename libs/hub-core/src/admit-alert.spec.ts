import { DomainError, type AlertEvent } from '@cirtmesh/contracts';
import { demoDirectory, signedAlert, testKeys } from '@cirtmesh/testing';
import { admitAlert, type AdmissionRequest } from './admit-alert';
import { hubView } from './hub-view';

const directory = demoDirectory();
const { key, keyring } = testKeys(['ke', 'jp']);
const now = new Date('2026-11-22T12:00:00Z');
const DAY = 86_400_000;

const signed = (origin: 'ke' | 'jp', createdAt = now): AlertEvent => signedAlert(origin, key(origin), {}, createdAt);

function request(overrides: Partial<AdmissionRequest> = {}): AdmissionRequest {
  return {
    hub: hubView(directory, 'africa'),
    directory,
    event: signed('ke'),
    sender: 'ke',
    from: 'below',
    path: [],
    carriedLimit: undefined,
    hopLimit: 4,
    keyring,
    now,
    maxAlertAgeMs: 7 * DAY,
    decidedFrom: undefined,
    source: 'below:1',
    ...overrides,
  };
}

/** The refusal's code, or 'admitted'. */
function outcome(overrides: Partial<AdmissionRequest>): string {
  try {
    admitAlert(request(overrides));
    return 'admitted';
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).permanent).toBe(true);
    return (error as DomainError).code;
  }
}

describe(admitAlert.name, () => {
  it('admits a member speaking for itself, and keeps the lower of the carried and the local hop limit', () => {
    expect(admitAlert(request())).toEqual({ hopLimit: 4 });
    expect(admitAlert(request({ carriedLimit: '3' }))).toEqual({ hopLimit: 3 });
    expect(admitAlert(request({ carriedLimit: '9' }))).toEqual({ hopLimit: 4 });
    expect(admitAlert(request({ carriedLimit: 'junk' }))).toEqual({ hopLimit: 4 });
  });

  it('admits an alert from another region when it comes from the hub above', () => {
    expect(outcome({ event: signed('jp'), sender: 'global', from: 'above', path: ['asia-pacific', 'global'] })).toBe('admitted');
  });

  it('refuses a sender that is not a member, or speaks for another, or an origin outside the mesh', () => {
    expect(outcome({ sender: 'jp' })).toBe('NOT_A_MEMBER');
    expect(outcome({ sender: 'ng' })).toBe('ORIGIN_MISMATCH');
    expect(outcome({ event: { ...signed('ke'), data: { ...signed('ke').data, origin: 'atlantis' } } })).toBe('UNKNOWN_ORIGIN');
    expect(outcome({ from: 'above', sender: 'global' })).toBe('ORIGIN_MISMATCH'); // back down into its own region
  });

  it('refuses a loop and an alert past its hop limit', () => {
    expect(outcome({ path: ['africa'] })).toBe('LOOP');
    expect(outcome({ path: ['a', 'b', 'c', 'd'] })).toBe('HOP_LIMIT');
    expect(outcome({ path: ['a'], carriedLimit: '1' })).toBe('HOP_LIMIT');
  });

  it('refuses a bad signature and a stale alert', () => {
    const event = signed('ke');
    expect(outcome({ event: { ...event, data: { ...event.data, title: 'changed' } } })).toBe('BAD_SIGNATURE');
    expect(outcome({ event: signed('ke', new Date(now.getTime() - 8 * DAY)) })).toBe('STALE');
  });

  it('refuses a second message with an alert it already decided, but not a redelivery of the same one', () => {
    expect(outcome({ decidedFrom: 'below:1', source: 'below:1' })).toBe('admitted');
    expect(outcome({ decidedFrom: 'below:1', source: 'below:2' })).toBe('REPLAY');
  });
});
