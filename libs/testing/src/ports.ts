import { createServer } from 'node:net';

function free(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Finds `count` consecutive free ports on loopback, starting at a random place. */
export async function freePortBlock(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 35_000);
    let ok = true;
    for (let p = base; p < base + count && ok; p += 1) ok = await free(p);
    if (ok) return base;
  }
  throw new Error(`no block of ${count} free ports found`);
}
