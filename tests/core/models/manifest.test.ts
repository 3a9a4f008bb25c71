import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../../electron/core/models/manifest.js';
import { manifestFor } from './fixtures.js';

const MOTIF = ['kawung', 'megamendung', 'parang', 'truntum'];
const HASH_A = 'a'.repeat(64);
const HASH_B = '0123456789abcdef'.repeat(4);

/** A manifest whose training lists these image hashes. */
const withHashes = (imageSha256: unknown) => ({ ...manifestFor('motif', MOTIF), training: { dataset: 'generated for tests', images: 2, imageSha256 } });

describe('training.imageSha256 in a manifest', () => {
  it('is optional, and accepted as lowercase 64-hex SHA-256 values', () => {
    expect(parseManifest(manifestFor('motif', MOTIF)).training.imageSha256).toBeUndefined();
    expect(parseManifest(withHashes([HASH_A, HASH_B])).training.imageSha256).toEqual([HASH_A, HASH_B]);
    expect(parseManifest(withHashes([])).training.imageSha256).toEqual([]);
  });

  it('refuses malformed hashes, naming the entry and what it must be', () => {
    const message = /invalid model manifest — training\.imageSha256\.1: must be a SHA-256 of the file bytes as 64 lowercase hex digits/;
    expect(() => parseManifest(withHashes([HASH_A, HASH_B.toUpperCase()]))).toThrow(message);
    expect(() => parseManifest(withHashes([HASH_A, HASH_A.slice(1)]))).toThrow(message);
    expect(() => parseManifest(withHashes([HASH_A, `${HASH_A.slice(1)}g`]))).toThrow(message);
    expect(() => parseManifest(withHashes([HASH_A, 42]))).toThrow(/training\.imageSha256\.1:/);
    expect(() => parseManifest(withHashes(HASH_A))).toThrow(/training\.imageSha256:/);
  });
});
