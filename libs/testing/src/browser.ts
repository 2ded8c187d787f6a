import { chromium, type Browser } from 'playwright-core';
import { trackProcess, untrackProcess } from './processes';
import { systemProgram } from './test-env';

/** Debian's Chromium, headless, with nothing that reaches out to the network on its own. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface TestBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/**
 * Starts headless Chromium (found as the preflight finds it: `CHROMIUM_BIN`, the PATH or the sbin
 * directories) and registers its process group with the test run, so that nothing it spawns
 * outlives the run. Throws the preflight's own message when Chromium is missing.
 */
export async function launchChromium(): Promise<TestBrowser> {
  const server = await chromium.launchServer({ executablePath: systemProgram('chromium'), headless: true, args: CHROMIUM_ARGS });
  const pid = server.process().pid;
  // Playwright starts the browser as the leader of its own process group.
  if (pid !== undefined) trackProcess(pid, 'chromium', true);
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    return {
      browser,
      async close() {
        await browser.close().catch(() => undefined);
        await server.close();
        if (pid !== undefined) untrackProcess(pid);
      },
    };
  } catch (error) {
    await server.close();
    if (pid !== undefined) untrackProcess(pid);
    throw error;
  }
}
