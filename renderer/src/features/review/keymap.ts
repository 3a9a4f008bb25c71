/**
 * The review keyboard map as data plus one pure function, so the `?` overlay
 * lists exactly the keys the grid reacts to and tests can check both.
 */
export type ReviewCommand =
  | { kind: 'move'; dx: number; dy: number }
  | { kind: 'setLabel'; position: number }
  | { kind: 'validate' }
  | { kind: 'reject' }
  | { kind: 'toggleLarge' }
  | { kind: 'close' }
  | { kind: 'undo' }
  | { kind: 'redo' }
  | { kind: 'help' }
  | { kind: 'selectAll' }
  | { kind: 'toggleSelect' };

/** The parts of a KeyboardEvent the map looks at. */
export interface KeyLike {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

const MOVES: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
  h: [-1, 0],
  l: [1, 0],
  k: [0, -1],
  j: [0, 1],
};

export function commandForKey(e: KeyLike): ReviewCommand | null {
  const mod = Boolean(e.ctrlKey || e.metaKey);
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (mod) {
    if (key === 'z') return e.shiftKey ? { kind: 'redo' } : { kind: 'undo' };
    if (key === 'y') return { kind: 'redo' };
    if (key === 'a') return { kind: 'selectAll' };
    return null;
  }
  if (e.altKey) return null;
  const move = MOVES[key];
  if (move) return { kind: 'move', dx: move[0], dy: move[1] };
  if (/^[1-9]$/.test(e.key)) return { kind: 'setLabel', position: Number(e.key) };
  switch (key) {
    case 'Enter':
    case 'v':
      return { kind: 'validate' };
    case 'x':
      return { kind: 'reject' };
    case ' ':
      return { kind: 'toggleLarge' };
    case 'Escape':
      return { kind: 'close' };
    case '?':
      return { kind: 'help' };
    case 's':
      return { kind: 'toggleSelect' };
    default:
      return null;
  }
}

/** What the `?` overlay shows: key captions (not translated) and an i18n key for the action. */
export const SHORTCUTS: { keys: string[]; action: string }[] = [
  { keys: ['←', '→', '↑', '↓', 'H', 'J', 'K', 'L'], action: 'review.keys.move' },
  { keys: ['1 … 9'], action: 'review.keys.setLabel' },
  { keys: ['Enter', 'V'], action: 'review.keys.validate' },
  { keys: ['X'], action: 'review.keys.reject' },
  { keys: ['Space'], action: 'review.keys.large' },
  { keys: ['Esc'], action: 'review.keys.close' },
  { keys: ['S'], action: 'review.keys.toggleSelect' },
  { keys: ['Ctrl/⌘ + A'], action: 'review.keys.selectAll' },
  { keys: ['Ctrl/⌘ + Z'], action: 'review.keys.undo' },
  { keys: ['Shift + Ctrl/⌘ + Z', 'Ctrl/⌘ + Y'], action: 'review.keys.redo' },
  { keys: ['?'], action: 'review.keys.help' },
];

/** Keys typed into a text field belong to the field, not the grid. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false;
  const el = target as HTMLElement;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable === true;
}

/** Index of the cell a move lands on in a grid of `count` items laid out `columns` wide. */
export function moveFocus(index: number, dx: number, dy: number, columns: number, count: number): number {
  if (count === 0) return 0;
  const next = index + dx + dy * Math.max(1, columns);
  return Math.min(count - 1, Math.max(0, next));
}
