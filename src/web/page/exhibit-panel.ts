import type { ControlMessage, ExhibitChoices, SwitchRefusedMessage } from '../messages.js';

const $ = (id: string) => document.getElementById(id)!;

/**
 * The docent's hold on the exhibit itself: Reset (back to its starting state now) and, when the server
 * offers it, a switch to another exhibit. A refused switch lists its problems; the running exhibit
 * goes on.
 */
export class ExhibitPanel {
  private readonly reset = $('reset') as HTMLButtonElement;
  private readonly choice = $('exhibit-choice') as HTMLSelectElement;
  private readonly switchButton = $('switch') as HTMLButtonElement;
  private readonly problems = $('switch-problems');
  private offered = false;

  constructor(send: (m: ControlMessage) => void) {
    this.reset.addEventListener('click', () => send({ type: 'reset' }));
    this.switchButton.addEventListener('click', () => {
      this.problems.hidden = true;
      send({ type: 'switch', exhibit: this.choice.value });
    });
  }

  /** What the server offers (none: the switch stays hidden), and which one runs. */
  offer(choices: ExhibitChoices | undefined): void {
    this.offered = choices !== undefined && choices.offered.length > 0;
    $('switcher').hidden = !this.offered;
    if (!choices) return;
    this.choice.replaceChildren(...choices.offered.map((o) => {
      const option = document.createElement('option');
      option.value = o.id;
      option.textContent = o.id === choices.current ? `${o.name} (running)` : o.name;
      option.selected = o.id === choices.current;
      return option;
    }));
  }

  setEnabled(on: boolean): void {
    this.reset.disabled = !on;
    this.choice.disabled = !on || !this.offered;
    this.switchButton.disabled = !on || !this.offered;
  }

  refused(m: SwitchRefusedMessage): void {
    const name = this.choice.querySelector<HTMLOptionElement>(`option[value="${CSS.escape(m.exhibit)}"]`)?.textContent ?? m.exhibit;
    const list = document.createElement('ul');
    list.replaceChildren(...m.problems.map((p) => Object.assign(document.createElement('li'), { textContent: p })));
    const head = document.createElement('p');
    head.textContent = `"${name}" cannot run on this board, so the running exhibit goes on:`;
    this.problems.replaceChildren(head, list);
    this.problems.dataset.exhibit = m.exhibit;
    this.problems.hidden = false;
  }
}
