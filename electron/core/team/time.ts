/** Times in the team tables: ISO-8601 UTC, which sort as text. */
export const iso = (ms: number): string => new Date(ms).toISOString();
