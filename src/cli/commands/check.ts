import { assessPart, type PartFinding, type PartRecord } from '../../check/assess.js';
import { planCheck } from '../../check/plan.js';
import { partMs, playCheck } from '../../check/play.js';
import { VISIBLE_DELTA_E } from '../../check/visibility.js';
import { exhibitWarnings, type Warning } from '../../check/warnings.js';
import { exhibitBoards, loadExhibit } from '../../exhibit/index.js';
import { runSession } from '../../runtime/session.js';
import { EXIT, UsageError } from '../errors.js';
import type { Output } from '../output.js';
import { parseSeed } from './simulate.js';

export interface CheckOptions {
  json?: boolean;
  seed?: string;
  signal?: AbortSignal;
}

/** `neuron-kit check --json` (docs/exhibit.md "Checking an exhibit"). */
export interface CheckResult {
  version: 1;
  exhibit: string;
  /** Board time played on the twin, seconds. */
  duration: number;
  /** ΔE*ab a segment must change by (or a contact go on or off) to count as visible. */
  visibleDeltaE: number;
  warnings: Warning[];
  parts: PartFinding[];
  /** Buttons whose presses change nothing a visitor can see. */
  unseen: string[];
  /** Claims that did not hold. */
  failedClaims: string[];
  ok: boolean;
}

/**
 * `neuron-kit check EXHIBIT`: plays a visitor on the twin for each button and control of the exhibit
 * (taps, a hold, a rest; Injury; the Age dial) and each of its claims, each from the starting state,
 * and says what a visitor would see: which synapses visibly change and why, which never can, and
 * whether the claims hold. Exit 1 when a button changes nothing visible or a claim does not hold.
 */
export async function checkCommand(file: string, opts: CheckOptions, out: Output): Promise<number> {
  const exhibit = await loadExhibit(file);
  const boards = exhibitBoards(exhibit);
  if (boards.length > 1) {
    // Its visitor presses one board's pins and reads one board's strips: another board's buttons would land on the wrong pins.
    throw new UsageError(`"${exhibit.name}" spans ${boards.length} boards (${boards.map((b) => b.id).join(', ')}); check plays an exhibit on one emulated board.`, 'Try it on its emulated boards with `neuron-kit run FILE --board emulated` (docs/run.md).');
  }
  const warnings = exhibitWarnings(exhibit);
  const parts = planCheck(exhibit, exhibit.claims);
  const totalMs = parts.reduce((sum, p) => sum + partMs(exhibit, p), 0) + 1000;
  if (!opts.json) {
    out.error(`Checking "${exhibit.name}" on the emulated board: ${parts.length} parts, ${Math.round(totalMs / 1000)} s of board time…`);
    for (const w of warnings) out.log(`Note: ${w.text}.`);
  }
  let records: PartRecord[] | null = null;
  // The run ends when the last part is played (forMs is only its longest).
  const played = new AbortController();
  await runSession({
    exhibit,
    board: 'emulated',
    fast: true,
    forMs: totalMs,
    seed: parseSeed(opts.seed),
    signal: opts.signal ? AbortSignal.any([opts.signal, played.signal]) : played.signal,
    onStart: (session) => playCheck(session, exhibit, parts, (r) => {
      records = r;
      played.abort();
    }),
  });
  const recorded = (records as PartRecord[] | null) ?? [];
  const findings = recorded.map((r) => assessPart(exhibit, r));
  const unseen = findings.filter((f) => f.kind === 'button' && !f.visible).map((f) => f.subject);
  const failedClaims = findings.filter((f) => f.claim?.some((c) => !c.model || c.strip !== null)).map((f) => f.title);
  const ok = recorded.length === parts.length && unseen.length === 0 && failedClaims.length === 0;
  if (opts.json) {
    const result: CheckResult = { version: 1, exhibit: exhibit.name, duration: recorded.length > 0 ? (recorded.at(-1)!.end.view.tMs - recorded[0]!.start.view.tMs) / 1000 : 0, visibleDeltaE: VISIBLE_DELTA_E, warnings, parts: findings, unseen, failedClaims, ok };
    out.log(JSON.stringify(result));
  } else {
    for (const f of findings) out.log(`- ${f.summary}`);
    if (recorded.length < parts.length) out.log(`Stopped after ${recorded.length} of ${parts.length} parts.`);
    else if (ok) out.log('Every button changes something a visitor can see, and every claim holds.');
    else out.log(`${[unseen.length ? `${unseen.length} button${unseen.length === 1 ? '' : 's'} change${unseen.length === 1 ? 's' : ''} nothing visible` : '', failedClaims.length ? `${failedClaims.length} claim${failedClaims.length === 1 ? '' : 's'} did not hold` : ''].filter(Boolean).join('; ')}.`);
  }
  return ok ? EXIT.ok : EXIT.failure;
}
