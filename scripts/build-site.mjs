// `npm run build:site`: the whole kit as a static folder (site-dist/) that any static host or a USB
// stick serves. The same source modules as the Node host, bundled by esbuild for the browser; the
// bundled exhibits, lessons and the kit firmware's hex (Uno, Nano) go into the bundle; nothing is
// fetched from anywhere but the folder itself. Usage: node scripts/build-site.mjs [OUT_DIR]
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = resolve(process.argv[2] ?? join(root, 'site-dist'));
const json = (file) => JSON.parse(readFileSync(file, 'utf8'));
const jsonFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json')).sort();

/** Every file under `dir`, as paths relative to it with forward slashes. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => f.split('\\').join('/'))
    .sort();
}

/** The module `neuron-kit:content`: exhibits, lessons and firmware, read now; the file list for the service worker. */
function contentPlugin(siteFiles, buildId) {
  return {
    name: 'neuron-kit-content',
    setup(b) {
      b.onResolve({ filter: /^neuron-kit:content$/ }, () => ({ path: 'content', namespace: 'neuron-kit' }));
      b.onLoad({ filter: /.*/, namespace: 'neuron-kit' }, () => {
        const exhibits = Object.fromEntries(jsonFiles(join(root, 'exhibits')).map((f) => [f.slice(0, -5), json(join(root, 'exhibits', f))]));
        const lessons = Object.fromEntries(jsonFiles(join(root, 'lessons')).map((f) => [f.slice(0, -5), json(join(root, 'lessons', f))]));
        const hex = (board) => readFileSync(join(root, 'firmware', 'hex', `neuron_kit_${board}.hex`), 'utf8');
        const contents = [
          `export const exhibits = ${JSON.stringify(exhibits)};`,
          `export const lessons = ${JSON.stringify(lessons)};`,
          `export const unoHex = ${JSON.stringify(hex('uno'))};`,
          `export const nanoHex = ${JSON.stringify(hex('nano'))};`,
          `export const siteFiles = ${JSON.stringify(siteFiles)};`,
          `export const buildId = ${JSON.stringify(buildId)};`,
        ].join('\n');
        return { contents, loader: 'js', watchFiles: [join(root, 'exhibits'), join(root, 'lessons'), join(root, 'firmware', 'hex')] };
      });
    },
  };
}

/**
 * The exhibition's checkpoint files (Node's fs, crypto and path) swapped for src/site/no-checkpoint-files.ts:
 * a page keeps no saved state, and the rest of the exhibition is the same module as in Node.
 */
const noCheckpointFiles = {
  name: 'neuron-kit-no-checkpoint-files',
  setup(b) {
    b.onResolve({ filter: /\/checkpoint-files\.js$/ }, () => ({ path: join(root, 'src', 'site', 'no-checkpoint-files.ts') }));
  },
};

const common = {
  bundle: true,
  platform: 'browser',
  // Classic scripts, not modules: a page opened from disk (file://) may not load module scripts.
  format: 'iife',
  target: 'es2022',
  minify: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  // The runtime, link and board ports are EventEmitters: the `events` package is Node's, for browsers.
  alias: { 'node:events': 'events' },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
};

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'vendor'), { recursive: true });
const buildId = new Date().toISOString();
await build({
  ...common,
  // install.js (the uploader and the Uno and Nano firmware) loads only when a visitor installs.
  entryPoints: {
    visitor: join(root, 'src/site/visitor.ts'),
    docent: join(root, 'src/site/docent.ts'),
    'twin-worker': join(root, 'src/site/twin-worker.ts'),
    install: join(root, 'src/site/installer.ts'),
  },
  outdir: out,
  plugins: [contentPlugin([], buildId), noCheckpointFiles],
});

// The views are the pages `neuron-kit run` serves, with addresses made relative to the folder.
const pub = join(root, 'src/web/public');
const page = (file, script) =>
  readFileSync(join(pub, file), 'utf8')
    .replace(/<script type="module" src="\/page\/[\w-]+\.js"><\/script>/, `<link rel="stylesheet" href="site.css">\n  <script src="${script}" defer></script>`)
    .replace(/(href|src)="\/(?=[\w.-])/g, '$1="')
    .replace(/href="\/"/g, 'href="index.html"');
writeFileSync(join(out, 'index.html'), page('visitor.html', 'visitor.js'));
writeFileSync(join(out, 'docent.html'), page('docent.html', 'docent.js'));
for (const f of ['visitor.css', 'app.css', 'favicon.svg']) cpSync(join(pub, f), join(out, f));
cpSync(join(root, 'src/site/site.css'), join(out, 'site.css'));
const uplot = join(dirname(createRequire(import.meta.url).resolve('uplot/package.json')), 'dist');
for (const f of ['uPlot.iife.min.js', 'uPlot.min.css']) cpSync(join(uplot, f), join(out, 'vendor', f));

// The service worker caches every file of the folder on the first visit: offline afterwards.
const siteFiles = ['./', ...filesUnder(out).filter((f) => !f.endsWith('.map'))];
await build({ ...common, entryPoints: { sw: join(root, 'src/site/sw.ts') }, outdir: out, plugins: [contentPlugin(siteFiles, buildId)] });

const total = filesUnder(out).reduce((n, f) => n + statSync(join(out, f)).size, 0);
process.stdout.write(`Built the site in ${relative(process.cwd(), out) || '.'}: ${siteFiles.length} files, ${(total / 1e6).toFixed(1)} MB. Serve it with any static file server, then open index.html.\n`);
