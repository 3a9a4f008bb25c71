import { createRequire } from 'node:module';

/** onnxruntime-node is an optional dependency: tests that need it skip with this reason where it is absent. */
export const hasOnnxRuntime = (() => {
  try {
    createRequire(import.meta.url).resolve('onnxruntime-node');
    return true;
  } catch {
    return false;
  }
})();
export const NO_ONNXRUNTIME_REASON = 'onnxruntime-node is not installed (an optional dependency; npm install without --omit=optional)';
export const onnxRuntimeNote = hasOnnxRuntime ? 'onnxruntime-node present' : NO_ONNXRUNTIME_REASON;
