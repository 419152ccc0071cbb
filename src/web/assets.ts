import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { bundled } from '../package-files.js';

export interface Asset {
  body: Buffer;
  contentType: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Host modules the page imports as they are (pure, importing nothing themselves): the story's words for strength. */
const SHARED_MODULES = ['story/strength.js'];

/** The page's compiled scripts are missing: the package was not built. */
export class WebAssetsMissingError extends Error {
  constructor(readonly folder: string) {
    super(`The web page's scripts are not built (no ${folder}): run \`npm run build\` in the project folder.`);
    this.name = 'WebAssetsMissingError';
  }
}

function add(assets: Map<string, Asset>, urlPath: string, file: string): void {
  const type = TYPES[extname(file)];
  if (type) assets.set(urlPath, { body: readFileSync(file), contentType: type });
}

/**
 * Every file the page needs, read once into memory (a few hundred KB): the HTML and CSS from
 * src/web/public, the page's scripts as compiled by `npm run build` (dist/src/web/page, the same
 * whether we run from src/ or dist/), and uPlot's browser build from its package. Serving only
 * this fixed map means no request path ever reaches the file system.
 */
export function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const publicDir = bundled('src', 'web', 'public');
  for (const name of readdirSync(publicDir)) add(assets, `/${name}`, join(publicDir, name));
  // `/` is the visitor view (a kiosk, a projector); `/docent` the docent's dashboard.
  const visitor = assets.get('/visitor.html');
  if (visitor) assets.set('/', visitor);
  const docent = assets.get('/docent.html');
  if (docent) assets.set('/docent', docent);
  const pageDir = bundled('dist', 'src', 'web', 'page');
  if (!existsSync(join(pageDir, 'main.js'))) throw new WebAssetsMissingError(pageDir);
  for (const name of readdirSync(pageDir)) add(assets, `/page/${name}`, join(pageDir, name));
  // Pure modules the page shares with the host, so both say the same (at their path relative to the page's).
  for (const shared of SHARED_MODULES) add(assets, `/${shared}`, bundled('dist', 'src', shared));
  const uplotDist = join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');
  add(assets, '/vendor/uPlot.iife.min.js', join(uplotDist, 'uPlot.iife.min.js'));
  add(assets, '/vendor/uPlot.min.css', join(uplotDist, 'uPlot.min.css'));
  return assets;
}
