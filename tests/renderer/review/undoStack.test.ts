import { describe, expect, it } from 'vitest';
import { EMPTY_UNDO, afterRedo, afterUndo, canRedo, canUndo, peekRedo, peekUndo, pushBatch } from '../../../renderer/src/features/review/undoStack.js';

describe('undo stack of decision batches', () => {
  it('undoes the most recent batch first and redoes in reverse order', () => {
    let s = pushBatch(pushBatch(EMPTY_UNDO, 'a'), 'b');
    expect(peekUndo(s)).toBe('b');
    s = afterUndo(s);
    expect(peekUndo(s)).toBe('a');
    expect(peekRedo(s)).toBe('b');
    s = afterUndo(s);
    expect(canUndo(s)).toBe(false);
    expect(peekRedo(s)).toBe('a');
    // undo and redo are named by the original batch id, whatever batches they wrote
    s = afterRedo(s);
    expect(peekUndo(s)).toBe('a');
    expect(peekRedo(s)).toBe('b');
  });

  it('a new decision after an undo drops the redo branch', () => {
    let s = afterUndo(pushBatch(pushBatch(EMPTY_UNDO, 'a'), 'b'));
    expect(canRedo(s)).toBe(true);
    s = pushBatch(s, 'c');
    expect(canRedo(s)).toBe(false);
    expect(s.done).toEqual(['a', 'c']);
  });

  it('undo and redo on an empty stack change nothing', () => {
    expect(afterUndo(EMPTY_UNDO)).toBe(EMPTY_UNDO);
    expect(afterRedo(EMPTY_UNDO)).toBe(EMPTY_UNDO);
    expect(peekUndo(EMPTY_UNDO)).toBeNull();
    expect(peekRedo(EMPTY_UNDO)).toBeNull();
  });

  it('keeps the previous state untouched (React state updates)', () => {
    const s = pushBatch(EMPTY_UNDO, 'a');
    const t = afterUndo(s);
    expect(s.done).toEqual(['a']);
    expect(t.done).toEqual([]);
  });
});
