const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpv4(h: string): boolean {
  const m = IPV4.exec(h);
  return m !== null && m.slice(1).every((part) => Number(part) <= 255);
}

/**
 * Whether an address reaches this machine only (127.0.0.0/8, ::1, localhost).
 * One rule for the server (what it may bind without a team catalogue) and
 * the desktop app (where plain http:// is allowed). No Node import: the
 * renderer may ask too.
 */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  if (isIpv4(h)) return h.startsWith('127.');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(h);
  return mapped !== null && isIpv4(mapped[1]) && mapped[1].startsWith('127.');
}
