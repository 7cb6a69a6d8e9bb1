// A worker for test/threads/worker.test.ts: doubles what it is sent, in the thread it runs in.
import { parentPort, workerData, isMainThread, threadId } from 'node:worker_threads';

const { factor } = workerData as { factor: number };
parentPort!.on('message', (n: number) => parentPort!.postMessage({ value: n * factor, isMainThread, threadId }));
