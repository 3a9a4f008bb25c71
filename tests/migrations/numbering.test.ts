import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations } from '../../electron/core/db/migrate.js';
import { tempDir } from '../helpers/temp.js';

describe('migration files', () => {
  it('are numbered without gaps, one concern per file', () => {
    expect(loadMigrations().map((m) => `${String(m.version).padStart(4, '0')}_${m.name}`)).toEqual([
      '0001_initial',
      '0002_review_grid',
      '0003_motif_knowledge',
      '0004_review_search',
      '0005_model_backbone_top',
      '0006_knowledge_bilingual',
      '0007_review_decision_note_authors',
      '0008_review_grid_active_model',
      '0009_accounts',
      '0010_layered_validation',
      '0011_record_metadata',
      '0012_audit_user',
    ]);
  });

  it('refuses a gap or a duplicate number', () => {
    const gap = tempDir();
    for (const f of ['0001_a.sql', '0003_c.sql']) fs.writeFileSync(path.join(gap, f), 'SELECT 1;');
    expect(() => loadMigrations(gap)).toThrow(/gap or duplicate at 3_c/);
    const dup = tempDir();
    for (const f of ['0001_a.sql', '0002_b.sql', '0002_c.sql']) fs.writeFileSync(path.join(dup, f), 'SELECT 1;');
    expect(() => loadMigrations(dup)).toThrow(/gap or duplicate at 2_c/);
  });
});
