import { describe, expect, it } from 'vitest';
import { HealthProbe } from '../../src/ops/health.js';
import type { ExhibitProbe } from '../../src/ops/probe.js';

/** /healthz's count of visits is the exhibition's own: after a restart, the saved visits count too. */
describe('the health report', () => {
  const probeOf = (exhibition: { lifecycle: boolean; sessions: number; phase: string }) =>
    ({ session: { exhibition, boardLabel: 'emulated', kit: { firmware: { name: 'f', version: '1' } } }, connected: true, startedWallMs: 0, lastFrameAgeMs: () => 10, lastSentAgeMs: () => 10 }) as unknown as ExhibitProbe;

  it('counts the visits a checkpoint brought back, and each new one', () => {
    const exhibition = { lifecycle: true, sessions: 12, phase: 'idle' };
    const health = new HealthProbe(probeOf(exhibition), () => null, () => 1000);
    expect(health.report().session.sessions).toBe(12);
    exhibition.sessions = 13;
    health.logEvent({ kind: 'session-start' });
    expect(health.report().session.sessions).toBe(13);
  });

  it('without visits kept by the exhibition (no lifecycle), counts the visits it saw', () => {
    const health = new HealthProbe(probeOf({ lifecycle: false, sessions: 0, phase: 'idle' }), () => null, () => 1000);
    health.logEvent({ kind: 'session-start' });
    health.logEvent({ kind: 'session-start' });
    expect(health.report().session.sessions).toBe(2);
  });
});
