import { Lru } from './lru.js';

/**
 * Thumbnails as blob URLs: fetched lazily through the API (never from a file
 * path), at most `concurrency` at a time, cached in a bounded LRU whose
 * evictions revoke the URL so memory stays flat while scrolling 100,000 images.
 */
export class ThumbnailStore {
  private readonly cache: Lru<number, string>;
  private readonly inflight = new Map<number, Promise<string>>();
  private readonly queue: (() => void)[] = [];
  private running = 0;

  constructor(
    private readonly fetchBlob: (id: number) => Promise<Blob>,
    capacity = 600,
    private readonly concurrency = 6,
    private readonly urls: { create(b: Blob): string; revoke(u: string): void } = {
      create: (b) => URL.createObjectURL(b),
      revoke: (u) => URL.revokeObjectURL(u),
    },
  ) {
    this.cache = new Lru(capacity, (_id, url) => this.urls.revoke(url));
  }

  peek(id: number): string | undefined {
    return this.cache.get(id);
  }

  load(id: number): Promise<string> {
    const hit = this.cache.get(id);
    if (hit) return Promise.resolve(hit);
    const pending = this.inflight.get(id);
    if (pending) return pending;
    const p = this.schedule(() => this.fetchBlob(id))
      .then((blob) => {
        const url = this.urls.create(blob);
        this.cache.set(id, url);
        return url;
      })
      .finally(() => this.inflight.delete(id));
    this.inflight.set(id, p);
    return p;
  }

  /** Forget one image's thumbnail (e.g. after it was relinked). */
  invalidate(id: number): void {
    this.cache.delete(id);
  }

  dispose(): void {
    this.cache.clear();
  }

  get cached(): number {
    return this.cache.size;
  }

  private schedule<T>(task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        this.running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            this.running--;
            this.queue.shift()?.();
          });
      };
      if (this.running < this.concurrency) run();
      // Newest requests first: they are the cells the user is looking at now.
      else this.queue.unshift(run);
    });
  }
}

/** base64 → Blob without fetch() on a data: URL (kept simple and CSP-neutral). */
export function base64ToBlob(data: string, mime: string): Blob {
  const bin = atob(data);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Blob([bytes], { type: mime });
}
