// Worker side of a session: serves calls from the host in the order they
// came, one at a time, until the host ends it (or this worker retires).
import { Claim, claim } from './claim-board';
import { DataCloneError } from './errors';
import type { SessionPayload, SessionRequest, TaskEnvelope } from './protocol';
import { type OpenPort, openPort } from './task-port';
import { describeUncloneable } from './wire';
import { onRetire, runCall, runtime, unsendableResult } from './worker-call';
import { openWorkerChannel, type WorkerChannel } from './worker-channel';

type CallRequest = Extract<SessionRequest, { seq: number }>;

export function serveSession(payload: SessionPayload): Promise<void> {
  const channel = openWorkerChannel(payload);
  const { board } = payload;
  return new Promise<void>((resolve) => {
    // Calls the host sent ahead wait here for the one running to finish.
    const waiting: SessionRequest[] = [];
    // The ports of calls that talk with their caller, from the moment they
    // arrive: the host's messages may come before the call starts.
    const ports = new Map<number, OpenPort>();
    let busy = false;
    const stop = onRetire(() => {
      // While a call runs, its answer carries `retire` instead.
      if (!busy) channel.post({ retire: true });
    });
    const answer = (request: CallRequest, envelope: TaskEnvelope, transfer?: readonly ArrayBuffer[]): void => {
      try {
        channel.post({ id: request.id, answer: envelope }, transfer);
      } catch {
        // Only a value can be refused: an error is encoded to plain data.
        const value = envelope.kind === 'value' ? envelope.value : undefined;
        channel.post({ id: request.id, answer: unsendableResult(value, request.task) });
      }
    };
    const closePort = (id: number): void => {
      ports.get(id)?.close();
      ports.delete(id);
    };
    const next = (): void => {
      while (!busy) {
        const request = waiting.shift();
        if (request === undefined) return;
        if ('end' in request) {
          stop();
          channel.close();
          return resolve();
        }
        if (!('seq' in request)) continue;
        // The host took it back for another worker: it is not ours to run.
        if (board !== undefined && !claim(board, request.seq, Claim.Queued, Claim.Started)) {
          closePort(request.id);
          continue;
        }
        busy = true;
        void runCall(request.task, ports.get(request.id)?.port).then((outcome) => {
          closePort(request.id);
          // Marked before the answer leaves: an abort from now on needs no kill.
          if (board !== undefined) claim(board, request.seq, Claim.Started, Claim.Done);
          answer(request, outcome.envelope, outcome.transfer);
          busy = false;
          next();
        });
      }
    };
    channel.onRequest((request: SessionRequest) => {
      if ('message' in request) return ports.get(request.id)?.deliver(request.message);
      if ('seq' in request && request.task.channel === true) ports.set(request.id, callPort(channel, request.id));
      waiting.push(request);
      next();
    });
    channel.post({ started: true });
  });
}

function callPort(channel: WorkerChannel, id: number): OpenPort {
  return openPort((message, transfer) => {
    try {
      channel.post({ id, message }, transfer);
    } catch (cause) {
      const problem = describeUncloneable(message, 'the message', runtime) ?? 'the message cannot be copied to the caller (structured clone)';
      throw new DataCloneError(problem, { cause });
    }
  });
}
