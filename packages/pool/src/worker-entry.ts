// The code that runs inside every worker (thread or child process). Tinypool
// loads this file and calls its default export once a task: a task is either
// one call, or a session that serves many calls over a private channel.
import { isSessionPayload, type SessionPayload, type TaskEnvelope, type TaskPayload } from './protocol';
import { isSendable } from './wire';
import { runCall, runtime, unsendableResult } from './worker-call';
import { serveSession } from './worker-session';
import { movable } from './transfer-result';

// A child process left idle when its parent exits ends with it.
if (runtime === 'child_process' && typeof process.send === 'function') process.once('disconnect', () => process.exit(0));

export default async function runTask(payload: TaskPayload | SessionPayload): Promise<TaskEnvelope | undefined> {
  if (isSessionPayload(payload)) return void (await serveSession(payload));
  const { envelope, transfer } = await runCall(payload);
  if (transfer !== undefined) return movable(envelope, transfer);
  // Tinypool would fail to send it and never settle the task.
  if (envelope.kind === 'value' && !isSendable(envelope.value, runtime)) return unsendableResult(envelope.value, payload);
  return envelope;
}
