import { dot, normalised } from './vectors.js';

/** Nearest neighbours by cosine similarity over embeddings (brute force: a catalogue is thousands, not millions). */
export function nearestNeighbours(
  query: Float32Array,
  candidates: ReadonlyMap<number, Float32Array>,
  k: number,
  exclude?: ReadonlySet<number>,
): { id: number; similarity: number }[] {
  const q = normalised(query);
  const scored: { id: number; similarity: number }[] = [];
  for (const [id, v] of candidates) {
    if (exclude?.has(id)) continue;
    scored.push({ id, similarity: Math.round(dot(q, normalised(v)) * 10000) / 10000 });
  }
  scored.sort((a, b) => b.similarity - a.similarity || a.id - b.id);
  return scored.slice(0, k);
}
