/**
 * Wilson score interval for a proportion (accuracy = correct / n): unlike
 * "p ± 1.96·se" it stays inside 0–1 and is honest on small n, which is
 * exactly where a single accuracy figure misleads (9 of 10 right is
 * 60–98 %, not "90 %"). Shared by the core (CLI, reports) and the renderer.
 */
export interface Interval {
  low: number;
  high: number;
}

export function wilsonInterval(correct: number, n: number, z = 1.96): Interval | null {
  if (n <= 0) return null;
  const p = correct / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
  const round = (x: number) => Math.round(x * 10000) / 10000;
  return { low: round(Math.max(0, centre - half)), high: round(Math.min(1, centre + half)) };
}

/** An accuracy measured on `images` images as a score with its interval (correct = accuracy × images, rounded); null without a known size. */
export function scoreOf(accuracy: number | null, images: unknown): { accuracy: number; correct: number; images: number; interval: Interval | null } | null {
  if (accuracy === null || typeof images !== 'number' || images <= 0) return null;
  const correct = Math.round(accuracy * images);
  return { accuracy, correct, images, interval: wilsonInterval(correct, images) };
}
