import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultAction } from './faults.js';

/**
 * Plays a fault on one request. Resolves true when the fault took the request over (answered it,
 * reset it, or holds it unanswered until the client gives up), false when the request goes on to
 * its real answer (after a hang of `ms`).
 */
export async function meetFault(action: FaultAction, request: IncomingMessage, response: ServerResponse): Promise<boolean> {
  if (action.kind === 'reset') {
    request.socket.resetAndDestroy();
    return true;
  }
  if (action.kind === 'hang') {
    if (action.ms === undefined) {
      // Read and drop the body, answer nothing: the client's timeout (or the sandbox's stop) ends it.
      request.resume();
      return true;
    }
    await sleep(action.ms);
    return false;
  }
  request.resume();
  const body = action.body === undefined ? { message: STATUS_CODES[action.status] ?? 'Error', documentation_url: 'https://docs.github.com/rest' } : action.body;
  response.writeHead(action.status, { 'content-type': 'application/json; charset=utf-8', ...action.headers });
  response.end(JSON.stringify(body));
  return true;
}
