/** Whole minutes, at least one: an estimate finer than that would claim more than a measured speed knows. */
export const minutes = (seconds: number) => Math.max(1, Math.round(seconds / 60));
