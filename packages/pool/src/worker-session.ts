// Worker side of a session: serves calls from the host in the order they
// came, one at a time, until the host ends it (or this worker retires).
import { Claim, claim } from './claim-board';
import type { SessionPayload, SessionRequest, TaskEnvelope } from './protocol';
import { onRetire, runCall, unsendableResult } from './worker-call';
import { openWorkerChannel } from './worker-channel';

export function serveSession(payload: SessionPayload): Promise<void> {
  const channel = openWorkerChannel(payload);
  const { board } = payload;
  return new Promise<void>((resolve) => {
    // Calls the host sent ahead wait here for the one running to finish.
    const waiting: SessionRequest[] = [];
    let busy = false;
    const stop = onRetire(() => {
      // While a call runs, its answer carries `retire` instead.
      if (!busy) channel.post({ retire: true });
    });
    const answer = (request: Extract<SessionRequest, { id: number }>, envelope: TaskEnvelope, transfer?: readonly ArrayBuffer[]): void => {
      try {
        channel.post({ id: request.id, answer: envelope }, transfer);
      } catch {
        // Only a value can be refused: an error is encoded to plain data.
        const value = envelope.kind === 'value' ? envelope.value : undefined;
        channel.post({ id: request.id, answer: unsendableResult(value, request.task) });
      }
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
        // The host took it back for another worker: it is not ours to run.
        if (board !== undefined && !claim(board, request.seq, Claim.Queued, Claim.Started)) continue;
        busy = true;
        void runCall(request.task).then((outcome) => {
          // Marked before the answer leaves: an abort from now on needs no kill.
          if (board !== undefined) claim(board, request.seq, Claim.Started, Claim.Done);
          answer(request, outcome.envelope, outcome.transfer);
          busy = false;
          next();
        });
      }
    };
    channel.onRequest((request: SessionRequest) => {
      waiting.push(request);
      next();
    });
    channel.post({ started: true });
  });
}
