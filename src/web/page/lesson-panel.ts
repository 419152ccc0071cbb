import type { ControlMessage, LessonOffer, LessonState } from '../messages.js';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string | null, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * A guided lesson on a page. On the visitor view: the step in progress in large type (prompt, what to
 * do), nothing when no lesson runs. On the docent view: a choice of the lessons for this exhibit, a
 * start/end button, and every step with what to notice and why (the teacher's notes), ticked as the
 * exhibit sees each one happen.
 */
export class LessonPanel {
  private offers: LessonOffer[] = [];

  constructor(
    private readonly root: HTMLElement,
    private readonly mode: 'visitor' | 'docent',
    private readonly send: (m: ControlMessage) => void,
  ) {}

  offer(offers: LessonOffer[]): void {
    this.offers = offers;
  }

  show(state: LessonState | null): void {
    if (this.mode === 'visitor') this.visitor(state);
    else this.docent(state);
    this.root.dataset.lesson = state?.name ?? '';
    this.root.dataset.step = state ? String(state.step) : '';
    this.root.dataset.finished = String(state?.finished ?? false);
  }

  private visitor(state: LessonState | null): void {
    this.root.hidden = state === null;
    if (!state) return this.root.replaceChildren();
    const step = state.steps[state.step];
    const heading = el('h2', null, state.finished ? `${state.title}: done!` : `${state.title} · step ${state.step + 1} of ${state.steps.length}`);
    if (!step) {
      const last = state.steps[state.steps.length - 1]!;
      return this.root.replaceChildren(heading, el('p', 'prompt', state.idea), el('p', 'do', `Why: ${last.why}`));
    }
    this.root.replaceChildren(heading, el('p', 'prompt', step.prompt), el('p', 'do', step.do));
  }

  private docent(state: LessonState | null): void {
    this.root.hidden = this.offers.length === 0;
    // One button per lesson (a select would cut long titles on a phone): pressing it starts, or restarts, that lesson.
    const controls = el('div', 'lesson-controls');
    controls.setAttribute('role', 'group');
    controls.setAttribute('aria-label', 'Start a lesson');
    for (const o of this.offers) {
      const start = el('button', o.name === state?.name ? 'running' : null, `${o.title} (${o.minutes} min)`);
      start.type = 'button';
      start.dataset.lesson = o.name;
      start.setAttribute('aria-pressed', String(o.name === state?.name));
      start.addEventListener('click', () => this.send({ type: 'lesson', name: o.name }));
      controls.append(start);
    }
    if (state) {
      const end = el('button', null, 'End lesson');
      end.type = 'button';
      end.addEventListener('click', () => this.send({ type: 'lesson', name: null }));
      controls.append(end);
    }
    const parts: HTMLElement[] = [el('h3', null, state ? `Lesson: ${state.title}` : 'Lessons for this exhibit'), controls];
    if (state) {
      parts.push(el('p', 'idea', state.idea));
      const ol = el('ol', 'steps');
      state.steps.forEach((s, i) => {
        const li = el('li', s.done ? 'done' : i === state.step ? 'current' : null);
        li.append(el('strong', null, `${s.done ? '✓ ' : ''}${s.prompt}`), el('span', null, ` Do: ${s.do}`));
        if (s.done || i === state.step) li.append(el('span', 'note', ` Notice: ${s.notice} Why: ${s.why}`));
        ol.append(li);
      });
      parts.push(ol);
      if (state.finished) parts.push(el('p', 'idea', 'Lesson complete: every step was seen on the exhibit.'));
    }
    this.root.replaceChildren(...parts);
  }
}
