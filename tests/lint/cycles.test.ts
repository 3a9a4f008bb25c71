import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * No import cycle anywhere in electron/ (type-only imports count: they tie
 * modules together as much for a reader). The layering table forbids cycles
 * between folders; this catches one between files of the same folder, or
 * through a composition root, as app/context → learn/first-model →
 * classify/job → app/context once was.
 */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.m?ts$/.test(e.name)) {
        const src = fs.readFileSync(p, 'utf8');
        const targets = [...src.matchAll(/(?:from|import)\s*\(?\s*'(\.[^']+)'/g)].map((m) => path.join(path.dirname(p), m[1]).replace(/\.js$/, '.ts'));
        graph.set(p, targets);
      }
    }
  };
  walk(root);
  return graph;
}

/** One cycle (as a list of files, relative to root), or null. */
function findCycle(graph: Map<string, string[]>, root: string): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | null => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') return [...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(root, f));
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of graph.keys()) {
    if (!state.has(file)) {
      const found = visit(file);
      if (found) return found;
    }
  }
  return null;
}

describe('import graph', () => {
  it('has no cycle in electron/', () => {
    const root = path.resolve('electron');
    expect(findCycle(importGraph(root), root)).toBeNull();
  });

  it('finds a cycle when there is one', () => {
    const root = path.resolve('electron');
    const graph = new Map([
      [path.join(root, 'core/app/context.ts'), [path.join(root, 'core/learn/first-model.ts')]],
      [path.join(root, 'core/learn/first-model.ts'), [path.join(root, 'core/classify/job.ts')]],
      [path.join(root, 'core/classify/job.ts'), [path.join(root, 'core/app/context.ts')]],
    ]);
    expect(findCycle(graph, root)).toEqual(['core/app/context.ts', 'core/learn/first-model.ts', 'core/classify/job.ts', 'core/app/context.ts']);
  });
});
