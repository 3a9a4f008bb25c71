/**
 * One Content-Security-Policy for both the Electron window and the HTTP mode:
 * only our own scripts, no eval, images from our blobs, no framing.
 * 'wasm-unsafe-eval' is not needed: inference runs in the main process.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' blob: data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
