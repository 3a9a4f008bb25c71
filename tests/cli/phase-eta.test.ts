import { describe, expect, it } from 'vitest';
import { etaText, phaseEta } from '../../electron/cli/phase-eta.js';

describe('time left in a phase of canting train', () => {
  it('is measured from the phase’s own start, not from what came before it', () => {
    let now = 0;
    const eta = phaseEta(() => now);
    now += 120_000; // starting the backbone
    expect(eta(0, 96)).toBeNull();
    now += 60_000;
    expect(eta(8, 96)).toBe(660); // a minute per 8 views
    now += 600_000;
    expect(eta(0, 20)).toBeNull(); // epochs start
    now += 2_000;
    expect(eta(2, 20)).toBe(18);
    expect(etaText(18, true)).toBe(' · at most about 18 s left');
    expect(etaText(0.2)).toBe(' · about 1 s left');
    expect(etaText(null)).toBe('');
  });
});
