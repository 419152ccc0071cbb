import type { Problem } from '../experiment/problems.js';
import { checkExhibitFile, chosenExhibit, DROPPED, withExhibit } from './chooser.js';
import { bundledExhibit, exhibitNames } from './content.js';
import { exhibitWarnings, type Warning } from '../check/warnings.js';
import { readExhibit } from '../exhibit/read.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

/** The site's own controls above a view: which exhibit, a file to try, the other view, what the twin is doing. */
export interface SiteBar {
  /** One line about the board: where the twin runs and how fast, or the kit's port. */
  say(text: string): void;
  /** The bar's row for the kit's buttons ("Connect a kit", "Install the kit firmware"). */
  readonly kitRow: HTMLElement;
}

/**
 * Puts the site's bar at the top of the page: a choice of the bundled exhibits, an exhibit file to
 * open (or drop anywhere on the page; problems listed by JSON path), and a link to the other view.
 */
export function siteBar(view: 'visitor' | 'docent'): SiteBar {
  const chosen = chosenExhibit();
  const current = chosen.name;
  const bar = el('nav', { id: 'site-bar', 'aria-label': 'Neuron Kit in this browser' });
  const label = el('label', { for: 'site-exhibit' }, 'Exhibit');
  const select = el('select', { id: 'site-exhibit' });
  // Listed by the names the exhibits give themselves, as the docent page of `neuron-kit run` lists them.
  for (const name of exhibitNames()) select.append(el('option', { value: name }, bundledExhibit(name).name));
  if (current === DROPPED) select.append(el('option', { value: DROPPED }, 'your file'));
  select.value = current;
  select.addEventListener('change', () => location.assign(withExhibit(select.value)));
  const fileLabel = el('label', { class: 'file' }, 'Open an exhibit file…');
  const file = el('input', { type: 'file', accept: '.json,application/json', id: 'site-file' });
  fileLabel.append(file);
  // The docent view has its own link to the visitor view: it keeps the exhibit and the board too.
  document.querySelector('a.view-link')?.setAttribute('href', withExhibit(current, 'index.html'));
  const other = view === 'visitor' ? [el('a', { href: withExhibit(current, 'docent.html') }, 'Docent view')] : [];
  const line = el('span', { id: 'site-board', role: 'status' });
  const kitRow = el('span', { class: 'kit-row' });
  const problems = el('section', { id: 'site-problems', hidden: '', 'aria-live': 'polite' });
  bar.append(label, select, fileLabel, ...other, kitRow, line);
  document.body.prepend(bar, problems);
  if (chosen.unknown !== undefined) {
    const names = exhibitNames().join(', ');
    problems.replaceChildren(el('p', { role: 'alert' }, `There is no exhibit "${chosen.unknown}" here: showing "${bundledExhibit(current).name}" instead. The exhibits are ${names}.`));
    problems.hidden = false;
  }

  // A teacher's own exhibit: what a visitor would not see change, said before anyone presses.
  if (current === DROPPED && chosen.doc !== undefined) {
    const notes = exhibitWarnings(readExhibit(chosen.doc));
    if (notes.length > 0) showNotes(problems, notes);
  }

  const tryFile = async (f: File) => {
    const found = await checkExhibitFile(f);
    if (found.length === 0) return location.assign(withExhibit(DROPPED));
    showProblems(problems, f.name, found);
  };
  file.addEventListener('change', () => file.files?.[0] && void tryFile(file.files[0]));
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer?.files[0];
    if (f) void tryFile(f);
  });
  return { say: (text) => void (line.textContent = text), kitRow };
}

function showProblems(root: HTMLElement, fileName: string, problems: Problem[]): void {
  const list = el('ul');
  for (const p of problems) {
    const li = el('li');
    li.append(el('code', {}, p.path), document.createTextNode(`: ${p.message}`));
    li.dataset.path = p.path;
    list.append(li);
  }
  const close = el('button', { type: 'button' }, 'Close');
  close.addEventListener('click', () => (root.hidden = true));
  root.replaceChildren(el('h2', {}, `${fileName} cannot run: ${problems.length === 1 ? 'one problem' : `${problems.length} problems`}`), list, close);
  root.hidden = false;
}

function showNotes(root: HTMLElement, notes: Warning[]): void {
  const list = el('ul');
  for (const n of notes) {
    const li = el('li', {}, n.text);
    li.dataset.subject = n.subject;
    list.append(li);
  }
  const close = el('button', { type: 'button' }, 'Close');
  close.addEventListener('click', () => (root.hidden = true));
  root.replaceChildren(el('h2', {}, 'Your exhibit runs. Before visitors try it:'), list, el('p', {}, '`neuron-kit check` plays it on the emulated board and says what a visitor would see.'), close);
  root.hidden = false;
}
