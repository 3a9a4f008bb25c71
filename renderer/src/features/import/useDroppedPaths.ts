import { useEffect, useState } from 'react';
import type { ShellApi } from '../../../../electron/common/shell.js';

/**
 * Folders or files dropped anywhere on the window while the import panel is
 * open. Only the desktop shell can turn a dropped File into a path; in the
 * browser mode the drop is still caught (so the page does not navigate away)
 * and `onDrop` is called with no paths, so the panel can explain.
 */
export function useDroppedPaths(shell: ShellApi | null, onDrop: (paths: string[]) => void): boolean {
  const [over, setOver] = useState(false);
  useEffect(() => {
    const dragOver = (e: DragEvent) => {
      if (!e.dataTransfer?.types.includes('Files')) return;
      e.preventDefault();
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const drop = (e: DragEvent) => {
      if (!e.dataTransfer?.files.length) return;
      e.preventDefault();
      setOver(false);
      const files = [...e.dataTransfer.files];
      onDrop(shell ? files.map((f) => shell.pathForFile(f)).filter(Boolean) : []);
    };
    window.addEventListener('dragover', dragOver);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', dragOver);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [shell, onDrop]);
  return over;
}
