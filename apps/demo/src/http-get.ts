import { type Agent, get } from 'node:http';

export interface Fetched {
  status: number;
  body: string;
}

/**
 * GETs `url` through `agent` and reads the whole body. An abort of `signal`
 * destroys the request (its socket closes) and rejects with the signal's
 * reason, as `fetch` does, so an interrupt reads as one.
 */
export function httpGet(url: string, agent: Agent, signal: AbortSignal): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const fail = (error: unknown) => reject(signal.aborted ? (signal.reason as unknown) : error);
    const request = get(url, { agent, signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.once('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.once('error', fail);
    });
    request.once('error', fail);
  });
}
