import type { Database } from 'better-sqlite3';
import { labelKey, listFacets } from '../catalogue/facets.js';

interface HintLabel {
  facetId: number;
  labelId: number;
}

export interface FolderHint extends HintLabel {
  folder: string;
}

/**
 * Folder names as label hints: a path segment equal to a facet label's key or
 * name, ignoring case, spaces and punctuation ("Mega_Mendung" → megamendung),
 * pre-fills that label as an unvalidated hint. Hints are never reviews.
 */
export class FolderHints {
  private readonly byKey = new Map<string, HintLabel[]>();
  private readonly insert;

  constructor(private readonly db: Database) {
    for (const facet of listFacets(db)) {
      for (const label of facet.labels) {
        for (const k of new Set([label.key, labelKey(label.name)])) {
          const list = this.byKey.get(k) ?? [];
          list.push({ facetId: facet.id, labelId: label.id });
          this.byKey.set(k, list);
        }
      }
    }
    this.insert = db.prepare('INSERT OR IGNORE INTO hints (image_id, facet_id, label_id, source) VALUES (?, ?, ?, ?)');
  }

  /**
   * The hint per facet for a file, from the folder closest to it: the root
   * folder's own name and the folders between it and the file.
   */
  match(rootPath: string, relPath: string): FolderHint[] {
    const folders = [rootPath.split(/[\\/]/).filter(Boolean).at(-1) ?? '', ...relPath.split('/').slice(0, -1)];
    const found = new Map<number, FolderHint>();
    for (let i = folders.length - 1; i >= 0; i--) {
      for (const h of this.byKey.get(labelKey(folders[i])) ?? []) {
        if (!found.has(h.facetId)) found.set(h.facetId, { ...h, folder: folders[i] });
      }
    }
    return [...found.values()];
  }

  record(imageId: number, rootPath: string, relPath: string): void {
    for (const h of this.match(rootPath, relPath)) this.insert.run(imageId, h.facetId, h.labelId, `folder:${h.folder}`);
  }
}
