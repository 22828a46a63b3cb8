// Worker side of a session: serves calls from the host, one at a time, until
// the host ends it (or this worker retires).
import type { SessionPayload, SessionRequest, TaskEnvelope } from './protocol';
import { describeUncloneable, encodeError } from './wire';
import { isRetired, onRetire, runCall, runtime, workerId } from './worker-call';
import { openWorkerChannel } from './worker-channel';

export function serveSession(payload: SessionPayload): Promise<void> {
  const channel = openWorkerChannel(payload);
  return new Promise<void>((resolve) => {
    let busy = false;
    const stop = onRetire(() => {
      // While a call runs, its answer carries `retire` instead.
      if (!busy) channel.post({ retire: true });
    });
    const answer = (id: number, envelope: TaskEnvelope, transfer?: readonly ArrayBuffer[]): void => {
      try {
        channel.post({ id, answer: envelope }, transfer);
      } catch {
        // The value cannot be serialized: say which part, as an error of the call.
        const problem =
          envelope.kind === 'value'
            ? (describeUncloneable(envelope.value, 'the result', runtime) ?? 'the result cannot be copied back from the worker (structured clone)')
            : 'the error cannot be copied back from the worker';
        channel.post({ id, answer: { kind: 'error', error: encodeError(new TypeError(problem)), worker: workerId, retire: isRetired() } });
      }
    };
    channel.onRequest((request: SessionRequest) => {
      if ('end' in request) {
        stop();
        channel.close();
        resolve();
        return;
      }
      busy = true;
      void runCall(request.task).then((outcome) => {
        busy = false;
        answer(request.id, outcome.envelope, outcome.transfer);
      });
    });
  });
}
