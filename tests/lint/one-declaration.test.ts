import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Concepts the contract declares are declared there only: core and renderer
 * take their types (z.infer) and lists from it, so a change there (a new
 * review status) reaches every reader without a second copy to update.
 */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

const code = [...sources('electron'), ...sources('renderer/src')].filter((f) => !f.startsWith(path.join('electron', 'common', 'contract')));

function offenders(pattern: RegExp): string[] {
  return code.filter((f) => pattern.test(fs.readFileSync(f, 'utf8')));
}

describe('one declaration per concept', () => {
  it('lists the review statuses only in the contract', () => {
    // Four statuses written out in a row is a retyped list (a smaller set, such as the decided ones, is another concept).
    const s = "'(?:unreviewed|predicted|corrected|validated|rejected)'";
    expect(offenders(new RegExp(`${s}(?:,\\s*${s}){3}`))).toEqual([]);
  });

  it('declares no hand-written copy of a contract type in core', () => {
    expect(offenders(/\binterface (ImportJobInfo|ImportCounts|VersionInfo|Comparison|ComparedSide|EpochLog|TrainFacetResult)\b/)).toEqual([]);
  });
});
