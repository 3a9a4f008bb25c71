const pad = (n: number) => String(n).padStart(2, '0');

function valid(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/**
 * The ISO date of a date as an archive wrote it, or null where it reads more
 * than one way or not at all (the text itself is always kept). "1998",
 * "1998-03", "1998-03-12" and "12/03/1998" where day and month cannot be
 * swapped ("25/03/1998", or both equal); "03/04/1998" is the 3rd of April in
 * Indonesia and the 4th of March in an American Excel, so it is left alone.
 */
export function isoDate(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{4})$/.exec(s);
  if (m) return m[1];
  m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m) return Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${pad(Number(m[2]))}` : null;
  m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return valid(+m[1], +m[2], +m[3]) ? `${m[1]}-${pad(+m[2])}-${pad(+m[3])}` : null;
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s);
  if (m) {
    const [a, b, y] = [+m[1], +m[2], +m[3]];
    const dayFirst = valid(y, b, a);
    const monthFirst = valid(y, a, b);
    if (dayFirst && (!monthFirst || a === b)) return `${y}-${pad(b)}-${pad(a)}`;
    if (monthFirst && !dayFirst) return `${y}-${pad(a)}-${pad(b)}`;
  }
  return null;
}
