import { readdir } from 'node:fs/promises';
import { readProtocol } from '../../experiment/protocol.js';
import { simulate } from '../../experiment/simulate.js';
import { readJsonFile } from '../files.js';
import type { Output } from '../output.js';
import { bundled } from '../../package-files.js';
import { summarise } from '../summary.js';

/**
 * The headless demo: runs every bundled example protocol and tells what happened in plain words.
 * Until the exhibit runs on a board, this is what `npm start` shows.
 */
export async function demoCommand(out: Output): Promise<void> {
  const folder = bundled('exhibits', 'protocols');
  const files = (await readdir(folder)).filter((f) => f.endsWith('.json')).sort();
  out.log('Neuron Kit — a headless tour of what the plasticity model shows.');
  out.log('Each experiment below is a protocol in exhibits/protocols/; run one yourself with');
  out.log('  npx neuron-kit simulate exhibits/protocols/<file> [--json]');
  for (const file of files) {
    const doc = await readJsonFile(`${folder}/${file}`, 'Protocol');
    const protocol = readProtocol(doc);
    const about = (doc as { about?: string }).about ?? '';
    const title = (doc as { title?: string }).title ?? file.replace(/^\d+-/, '').replace(/\.json$/, '').replace(/-/g, ' ');
    out.log('');
    out.log(`== ${title}`);
    if (about) out.log(about);
    for (const line of summarise(simulate(protocol), protocol.compression)) out.log(`  ${line}`);
  }
}
