import { expect } from 'vitest';
import type { Twin } from '../../src/emulator/index.js';
import { type FrameAudit, type LedLink, SHOW_OP_BYTES, SHOW_US_PER_PIXEL } from '../../src/link/index.js';

/**
 * What every link run must end with on the stock firmware: every frame latched intact, none pending,
 * no data byte lost on the line, and no growing backlog — the link writes one command at a time, so
 * at most the biggest single write (SHOW + blackout padding + fence) plus the 1 ms it may book ahead.
 */
export function expectIntactAndDrained(run: { audit: FrameAudit; link: LedLink; twin: Twin; maxBacklog: number; pixels: number }): void {
  const { audit, link, twin, maxBacklog, pixels } = run;
  expect(audit.counts.framesCorrupted, JSON.stringify(audit.mismatches)).toBe(0);
  expect(audit.counts.framesPending).toBe(0);
  expect(audit.counts.framesShown).toBeGreaterThan(60);
  expect(twin.transport.stats.nonZeroBytesOverrun).toBe(0);
  const showWrite = SHOW_OP_BYTES + Math.ceil((pixels * SHOW_US_PER_PIXEL) / link.byteUs) + 2 + 1;
  expect(maxBacklog).toBeLessThanOrEqual(showWrite + 1000 / link.byteUs);
  expect(link.backlogBytes).toBe(0);
}
