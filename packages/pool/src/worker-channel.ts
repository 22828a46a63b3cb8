// Worker side of a session's private channel: a MessagePort in a thread, the
// IPC channel (beside tinypool's own messages) in a child process.
import { MessagePort } from 'node:worker_threads';
import type { ProcessSessionMessage, SessionPayload, SessionReply, SessionRequest } from './protocol';
import { assertKeptByIpc } from './wire';

export interface WorkerChannel {
  /** Throws (synchronously) when `reply` cannot be serialized. */
  post(reply: SessionReply, transfer?: readonly ArrayBuffer[]): void;
  onRequest(listener: (request: SessionRequest) => void): void;
  close(): void;
}

export function openWorkerChannel(payload: SessionPayload): WorkerChannel {
  return payload.session instanceof MessagePort ? portChannel(payload.session) : processChannel(payload.session);
}

function portChannel(port: MessagePort): WorkerChannel {
  return {
    post: (reply, transfer) => port.postMessage(reply, transfer as ArrayBuffer[] | undefined),
    onRequest: (listener) => port.on('message', listener),
    close: () => port.close(),
  };
}

// The host may send a session's first calls before tinypool's task that
// opens the session arrives (the two take different paths): they wait here.
const early = new Map<number, SessionRequest[]>();
const listeners = new Map<number, (request: SessionRequest) => void>();

if (typeof process.send === 'function') {
  process.on('message', (message: unknown) => {
    if (typeof message !== 'object' || message === null || !('aioxSession' in message)) return;
    const { aioxSession: id, body } = message as ProcessSessionMessage<SessionRequest>;
    const listener = listeners.get(id);
    if (listener !== undefined) return listener(body);
    let queue = early.get(id);
    if (queue === undefined) early.set(id, (queue = []));
    queue.push(body);
  });
}

function processChannel(id: number): WorkerChannel {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error('@aiox/pool: a process session needs an IPC channel');
  return {
    post: (reply) => {
      // The IPC would deliver a Blob as {} without a word: throw as a
      // serializer that refused it would, so the caller hears where it is.
      assertKeptByIpc(reply);
      const message: ProcessSessionMessage<SessionReply> = { aioxSession: id, body: reply };
      send(message);
    },
    onRequest: (listener) => {
      listeners.set(id, listener);
      const waiting = early.get(id);
      early.delete(id);
      for (const request of waiting ?? []) listener(request);
    },
    close: () => {
      listeners.delete(id);
      early.delete(id);
    },
  };
}
