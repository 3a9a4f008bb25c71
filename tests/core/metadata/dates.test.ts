import { describe, expect, it } from 'vitest';
import { isoDate } from '../../../electron/core/metadata/dates.js';

describe('isoDate', () => {
  it('reads dates that read one way only and leaves the rest as text', () => {
    expect(isoDate('1998')).toBe('1998');
    expect(isoDate('1998-3')).toBe('1998-03');
    expect(isoDate('1998-03-12')).toBe('1998-03-12');
    expect(isoDate('25/03/1998')).toBe('1998-03-25'); // day first: 25 is no month
    expect(isoDate('03/25/1998')).toBe('1998-03-25'); // an American Excel's
    expect(isoDate('07.07.1998')).toBe('1998-07-07');
    expect(isoDate('03/04/1998')).toBeNull(); // 3 April or 4 March
    expect(isoDate('31/02/1998')).toBeNull();
    expect(isoDate('1998-13')).toBeNull();
    expect(isoDate('circa 1930')).toBeNull();
  });
});
