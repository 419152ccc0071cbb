import { stripDisagrees, type Look } from '../../src/check/strip.js';
import type { Check } from '../../src/lessons/checks.js';
import { subjectsOf, type StepRecord, type SubjectRecord } from '../../src/lessons/record.js';
import { SAME_WITHIN } from '../../src/story/strength.js';

const look = (s: SubjectRecord, start: boolean): Look => ({
  pixels: (start ? s.startSegments : s.segments).flatMap((g) => g.pixels),
  flashing: start ? s.startFlashing : s.flashing,
});

/**
 * What a check says, read again from a lesson step's record alone (`neuron-kit lesson --json`): on the
 * numbers recorded for its subjects, and on their decoded pixels against the lesson's start. Returns
 * null when the record agrees, or what disagrees. A check measured from just before the action
 * (`since: "action"`) and a response check are read on the strip only: the record keeps neither.
 */
function modelDisagrees(check: Check, subjects: Record<string, SubjectRecord>): string | null {
  if ('neuron' in check) return subjects[check.neuron]?.alive === false ? null : 'the neuron is alive';
  const s = subjects[check.synapse];
  if (!s) return 'not recorded';
  if ('gone' in check) return s.exists === false ? null : 'it exists';
  if (s.exists !== true) return 'it is gone';
  if ('present' in check || 'response' in check || ('since' in check && check.since === 'action')) return null;
  if ('contacts' in check) return (check.contacts === 'more' ? s.contacts! > s.referenceContacts! : s.contacts! < s.referenceContacts!) ? null : `${s.contacts} contacts, ${s.referenceContacts} at the start`;
  const side = (now: number, ref: number, want: string) => {
    const change = now / ref - 1;
    const ok = want === 'same' ? Math.abs(change) < SAME_WITHIN : want === 'higher' ? change >= SAME_WITHIN : change <= -SAME_WITHIN;
    return ok ? null : `${(change * 100).toFixed(1)}% against its reference`;
  };
  if ('release' in check) return side(s.release!, s.referenceRelease!, check.release);
  if ('receptors' in check) return side(s.receptors!, s.referenceReceptors!, check.receptors);
  const change = s.change!;
  if ('same' in check) return Math.abs(change) < (check.byPercent ?? SAME_WITHIN * 100) / 100 ? null : `changed ${(change * 100).toFixed(1)}%`;
  if ('strongerThan' in check) {
    const other = subjects[check.strongerThan]?.change ?? -1;
    return 1 + change >= (1 + other) * (1 + check.byPercent / 100) ? null : `${(change * 100).toFixed(1)}% against ${(other * 100).toFixed(1)}%`;
  }
  const ok = 'stronger' in check ? change >= check.stronger / 100 : change <= -check.weaker / 100;
  return ok ? null : `changed ${(change * 100).toFixed(1)}%`;
}

/** Everything a seen step's record disagrees with in what its checks (and so its notice) say. */
export function stepDisagreements(step: StepRecord): string[] {
  if (step.seenAt === null) return [`step ${step.step} was not seen`];
  return step.checks.flatMap((check) => {
    const [id, otherId] = subjectsOf(check);
    const model = modelDisagrees(check, step.subjects);
    const s = step.subjects[id!];
    const other = otherId ? step.subjects[otherId] : undefined;
    const strip = s ? stripDisagrees(check, look(s, true), look(s, false), other ? { start: look(other, true), now: look(other, false) } : undefined) : 'not recorded';
    return [
      ...(model ? [`step ${step.step}, ${JSON.stringify(check)}: on the model, ${model}`] : []),
      ...(strip ? [`step ${step.step}, ${JSON.stringify(check)}: on the strip, ${strip}`] : []),
    ];
  });
}
