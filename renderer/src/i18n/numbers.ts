/**
 * Numbers and dates in the interface's language: Indonesian writes a decimal
 * comma and a thousands point ("71,9 %", "2.062"), English the other way round.
 * One formatter for every panel, so no figure keeps JavaScript's English dot.
 */

const locale = (language: string) => (language === 'en' ? 'en-GB' : 'id-ID');

/** A number with at most `digits` decimals ("41,3"). */
export function numberText(value: number, language: string, digits = 1): string {
  return new Intl.NumberFormat(locale(language), { maximumFractionDigits: digits }).format(value);
}

/**
 * A share (0..1) as a percentage with exactly `digits` decimals, as each language writes it:
 * "71,9 %" in Indonesian, "71.9%" in English; "—" where there is none.
 */
export function percentText(share: number | null | undefined, language: string, digits = 1): string {
  if (typeof share !== 'number') return '—';
  const n = new Intl.NumberFormat(locale(language), { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(share * 100);
  return language === 'en' ? `${n}%` : `${n} %`;
}

/** A full date and time ("3 Desember 2026 pukul 05.00", "3 December 2026 at 05:00"). */
export function fullDate(iso: string, language: string): string {
  return new Date(iso).toLocaleString(locale(language), { dateStyle: 'long', timeStyle: 'short' });
}
