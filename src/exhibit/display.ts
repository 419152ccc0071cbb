import { Problems } from '../experiment/problems.js';
import type { Exhibit, SegmentLayout } from './types.js';

/** The kit's strip: 60 pixels a metre (hardware/BOM.md). */
export const DEFAULT_PIXELS_PER_METRE = 60;
/**
 * Least duty (after gamma, as on the wire) of the brightest channel of a live segment's lit pixels:
 * 13/255. A WS2812 at 10/255 or less reads as "off" under gallery light; this keeps every path visible.
 */
export const DEFAULT_RESTING_BRIGHTNESS = 0.05;
/** Above this a resting strip stops looking at rest: a quarter duty is already a bright glow. */
const MAX_RESTING_BRIGHTNESS = 0.25;
/**
 * Longest invitation: two lines of the visitor view's large type in the narrowest desktop layout
 * (1024×768), so the kit, the buttons and the legend still fit without scrolling.
 */
export const MAX_INVITATION_CHARS = 90;
/** Enough points for a path around a wall; more only slows the page. */
const MAX_PATH_POINTS = 64;

type Display = Pick<Exhibit, 'about' | 'invitation' | 'pixelsPerMetre' | 'restingBrightness' | 'layout'>;

/**
 * Reads the exhibit's display fields (extensions of format v1): the invitation and the longer `about`, the strips' pixel pitch, the resting
 * glow of live segments, and where the visitor page draws each segment. Problems by JSON path.
 */
export function readDisplay(o: Record<string, unknown>, segmentCount: number, problems: Problems): Display {
  const pixelsPerMetre = o.pixelsPerMetre === undefined ? DEFAULT_PIXELS_PER_METRE : problems.number(o.pixelsPerMetre, 'pixelsPerMetre', { min: 1, max: 1000 }) ?? DEFAULT_PIXELS_PER_METRE;
  const restingBrightness = o.restingBrightness === undefined
    ? DEFAULT_RESTING_BRIGHTNESS
    : problems.number(o.restingBrightness, 'restingBrightness', { min: 0, max: MAX_RESTING_BRIGHTNESS }) ?? DEFAULT_RESTING_BRIGHTNESS;
  const about = o.about === undefined ? undefined : problems.string(o.about, 'about');
  let invitation = o.invitation === undefined ? undefined : problems.string(o.invitation, 'invitation');
  if (invitation !== undefined && [...invitation].length > MAX_INVITATION_CHARS) {
    problems.add('invitation', `must be at most ${MAX_INVITATION_CHARS} characters (one short line the visitor view shows in large type; say more in "about"), got ${[...invitation].length}`);
    invitation = undefined;
  }
  const display: Display = { pixelsPerMetre, restingBrightness, ...(about ? { about } : {}), ...(invitation ? { invitation } : {}) };
  if (o.layout === undefined) return display;
  const layout = problems.object(o.layout, 'layout') ?? {};
  problems.onlyKeys(layout, 'layout', ['segments']);
  const seen = new Set<number>();
  const segments = (problems.array(layout.segments, 'layout.segments') ?? []).flatMap((entry, i): SegmentLayout[] => {
    const path = `layout.segments[${i}]`;
    const e = problems.object(entry, path);
    if (!e) return [];
    problems.onlyKeys(e, path, ['segment', 'path']);
    const segment = problems.number(e.segment, `${path}.segment`, { integer: true, min: 0 });
    if (segment !== undefined && segment >= segmentCount) problems.add(`${path}.segment`, `there is no segment ${segment}; segments are numbered 0–${segmentCount - 1}`);
    else if (segment !== undefined && seen.has(segment)) problems.add(`${path}.segment`, `segment ${segment} is placed twice`);
    if (segment !== undefined) seen.add(segment);
    const points = problems.array(e.path, `${path}.path`) ?? [];
    if (Array.isArray(e.path) && (points.length < 2 || points.length > MAX_PATH_POINTS)) problems.add(`${path}.path`, `needs 2–${MAX_PATH_POINTS} points [x, y], got ${points.length}`);
    const xy = points.flatMap((p, k): Array<[number, number]> => {
      const ok = Array.isArray(p) && p.length === 2 && p.every((v) => typeof v === 'number' && v >= 0 && v <= 1);
      if (!ok) problems.add(`${path}.path[${k}]`, 'must be a point [x, y] with 0 ≤ x, y ≤ 1 (x to the right, y down)');
      return ok ? [[p[0] as number, p[1] as number]] : [];
    });
    return segment === undefined ? [] : [{ segment, path: xy }];
  });
  return { ...display, layout: { segments } };
}
