import type { Readable } from 'node:stream';

/** The data of each Server-Sent Event of a stream (comments and keep-alives skipped). */
export async function* readEventStream(body: Readable): AsyncGenerator<string> {
  let buffer = '';
  for await (const chunk of body) {
    buffer += (chunk as Buffer).toString('utf8');
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data) yield data;
    }
  }
}
