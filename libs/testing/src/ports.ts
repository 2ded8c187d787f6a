import { createServer } from 'node:net';

function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Linux hands out ports from 32768 up for outgoing connections; a server port picked there can be
 * taken by a client socket between the check and the bind. Test ports stay below that range.
 */
const LOW = 20_000;
const HIGH = 32_000;

/** Finds `count` consecutive free ports on loopback, starting at a random place below the ephemeral range. */
export async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = LOW + Math.floor(Math.random() * (HIGH - LOW - count));
    let ok = true;
    for (let p = base; p < base + count && ok; p += 1) ok = await free(p);
    if (ok) return base;
  }
  throw new Error(`no block of ${count} free ports found`);
}
