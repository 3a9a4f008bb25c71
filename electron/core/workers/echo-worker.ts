import { parentPort } from 'node:worker_threads';

// Answers each message with itself doubled: lets tests prove workers start from source and from dist.
parentPort?.on('message', (n: number) => parentPort?.postMessage(n * 2));
