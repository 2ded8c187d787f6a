/** Alert bodies the end-to-end tests submit. */
export function alert(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: 'Phishing campaign against mobile banking users',
    description: 'Lure domains registered in the last 24 h impersonate a bank.',
    category: 'phishing',
    severity: 'high',
    tlp: 'GREEN',
    scope: 'regional',
    indicators: [
      { type: 'domain', value: 'secure-login.example.net' },
      { type: 'ipv4', value: '192.0.2.44' },
    ],
    ...overrides,
  };
}

export const AFRICA = ['ke', 'ng', 'za', 'ke-fin'];
export const ASIA_PACIFIC = ['jp', 'my', 'id'];
export const ALL_NODES = [...AFRICA, ...ASIA_PACIFIC];
