import { describe, expect, it } from 'vitest';
import { fullDate, numberText, percentText } from '../../../renderer/src/i18n/numbers.js';

describe('numbers in the interface language', () => {
  it('writes a decimal comma and a thousands point in Indonesian, as English writes the reverse', () => {
    expect(percentText(0.719, 'id')).toBe('71,9 %');
    expect(percentText(0.719, 'en')).toBe('71.9%');
    expect(percentText(1, 'id')).toBe('100,0 %');
    expect(percentText(null, 'id')).toBe('—');
    expect(numberText(2062.5, 'id')).toBe('2.062,5');
    expect(numberText(2062.5, 'en')).toBe('2,062.5');
    expect(numberText(41.3, 'id', 2)).toBe('41,3');
  });

  it('gives a full date with the year, not only a time', () => {
    expect(fullDate('2026-12-03T05:00:00.000Z', 'id')).toMatch(/Desember 2026/);
    expect(fullDate('2026-12-03T05:00:00.000Z', 'en')).toMatch(/December 2026/);
  });
});
