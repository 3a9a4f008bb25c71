/**
 * Time left in a counted phase of a long command (augmented views, epochs), at
 * the pace of that phase so far: a report of 0 done starts the phase, so
 * starting the backbone or an earlier phase never counts. Seconds, or null
 * before anything is done.
 */
export function phaseEta(now: () => number = Date.now): (done: number, total: number) => number | null {
  let start = now();
  return (done, total) => {
    if (done <= 0) {
      start = now();
      return null;
    }
    const elapsed = (now() - start) / 1000;
    return Math.max(0, ((total - done) * elapsed) / done);
  };
}

/** " · about 42 s left" ("at most" where the phase may end sooner, as training epochs do), or nothing yet. */
export function etaText(seconds: number | null, atMost = false): string {
  return seconds === null ? '' : ` · ${atMost ? 'at most ' : ''}about ${Math.max(1, Math.round(seconds))} s left`;
}
