/**
 * Why an engine could not start, in one line fit to show anyone: an optional
 * package that is absent says so, and no installation path leaves the
 * machine (team readers see the Classify panel's reasons too).
 */
export function skipReason(err: unknown): string {
  const e = err as { code?: string; message?: string } | undefined;
  const message = (e?.message ?? String(err)).split('\n')[0];
  if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND' || /^Cannot find (package|module) /.test(message)) return 'not installed (optional)';
  // Absolute paths (POSIX or Windows) become their file name.
  return message.replace(/(?:[A-Za-z]:\\(?:[^\\'"]*\\)*|\/(?:[^\s/'"()]+\/)+)([^\s\\/'"()]+)/g, '…/$1');
}
