import { packageRoot } from '@cirtmesh/config';
import type { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';

const CONSOLE_MISSING =
  'The web console is not built on this node: run `npm run build`, then restart the node. The API answers under /api/v1.';

/**
 * Serves the console's files at `/`, without a token: they hold no data, and every API call they
 * make carries the operator's token. Helmet's headers apply to them too. File names under
 * assets/ change with their content, so those may be cached for good; the page itself may not.
 */
export function serveConsole(app: NestExpressApplication, logger: Logger): void {
  // Where `npm run build` leaves it, beside the compiled apps.
  const dir = join(packageRoot(__dirname), 'dist', 'console');
  if (!existsSync(join(dir, 'index.html'))) {
    logger.warn(`no web console at / (${CONSOLE_MISSING})`);
    app
      .getHttpAdapter()
      .getInstance()
      .get('/', (_req, res) => {
        res.status(404).type('text/plain').send(CONSOLE_MISSING);
      });
    return;
  }
  const assets = join(dir, 'assets') + sep;
  app.useStaticAssets(dir, {
    index: 'index.html',
    redirect: false,
    setHeaders: (res: Response, path: string) => {
      res.setHeader('cache-control', path.startsWith(assets) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
}
