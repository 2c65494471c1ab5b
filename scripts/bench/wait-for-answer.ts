import http from 'node:http';
import { pollUntil, systemClock } from '../../src/clock';
import { FlowFailedError } from '../../src/errors';
import { checkLoadUrl } from './load-url';
import { sendRequest } from './send-request';
import type { RequestOutcome } from './send-request';

const firstLine = (body: string): string => (body.split('\n', 1)[0] ?? '').trim().slice(0, 80);
const describe = (o: RequestOutcome | undefined): string => {
  if (o === undefined) return 'nothing yet';
  if (o.kind === 'answer') return `HTTP ${o.status} "${firstLine(o.body)}"`;
  return o.kind === 'timeout' ? 'a timeout' : o.code;
};

/** Polls `url` (one request at a time) until a 2xx answer's first line is `expect`; throws after timeoutMs. */
export async function waitForAnswer(url: string, expect: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const target = checkLoadUrl(url);
  const agent = new http.Agent({ keepAlive: false });
  let last: RequestOutcome | undefined;
  try {
    const found = await pollUntil(
      async () => {
        last = await sendRequest(target, agent, 2000);
        return last.kind === 'answer' && last.status >= 200 && last.status < 300 && firstLine(last.body) === expect ? true : undefined;
      },
      { timeoutMs, intervalMs: () => 200, clock: systemClock, signal },
    );
    if (found === undefined) {
      throw new FlowFailedError(`${url} did not answer "${expect}" within ${timeoutMs / 1000}s (last: ${describe(last)})`, {
        hint: 'check the proxy with `docker-flow proxy status` and the instances with `docker-flow status`',
      });
    }
  } finally {
    agent.destroy();
  }
}
