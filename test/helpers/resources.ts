/** Timers and handles this process holds now, by kind (`Timeout`, `PipeWrap`, …). */
export function resources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Kinds of which more are held now than in `before` (from {@link resources}), with how many more. */
export function gained(before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(resources()).filter(([kind, n]) => n > (before[kind] ?? 0)).map(([kind, n]) => [kind, n - (before[kind] ?? 0)]));
}
