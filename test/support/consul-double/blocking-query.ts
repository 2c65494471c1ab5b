import type { DoubleRequest, DoubleResponse } from './double-http';
import { text } from './double-http';
import type { DoubleState } from './double-state';
import { parseGoDurationMs } from '../../../src/domain/duration-parser';

const defaultWaitMs = 5 * 60_000;
const maxWaitMs = 10 * 60_000;

/** One evaluation of a read: its X-Consul-Index and the response it would give now. */
export interface ReadResult {
  readonly index: number;
  readonly response: DoubleResponse;
}

/**
 * Answers a read the way Consul's blocking queries do: without `?index` (or index 0) at once;
 * with `?index=N`, at once when the read's index is already past N, else it waits until a write
 * moves it past N or `?wait` (default 5m, at most 10m, plus up to wait/16 of jitter) elapses,
 * and then answers with whatever the read gives at that moment.
 */
export async function blockingRead(state: DoubleState, request: DoubleRequest, read: () => ReadResult): Promise<DoubleResponse> {
  const indexText = request.query.get('index');
  const minIndex = indexText === null ? 0 : Number(indexText);
  if (!/^\d*$/.test(indexText ?? '') || !Number.isSafeInteger(minIndex)) return text(400, 'Invalid index');
  const waitText = request.query.get('wait');
  const parsedWaitMs = waitText === null ? defaultWaitMs : parseGoDurationMs(waitText);
  if (parsedWaitMs === undefined) return text(400, 'Invalid wait time');
  const first = read();
  if (minIndex === 0 || first.index > minIndex) return answer(first);
  const waitMs = Math.min(parsedWaitMs <= 0 ? defaultWaitMs : parsedWaitMs, maxWaitMs);
  const jitterMs = Math.random() * (waitMs / 16);
  return new Promise<DoubleResponse>((resolve) => {
    const finish = (): void => {
      clearTimeout(timer);
      unsubscribe();
      request.signal.removeEventListener('abort', finish);
      resolve(answer(read()));
    };
    const timer = setTimeout(finish, waitMs + jitterMs);
    const unsubscribe = state.onChange(() => {
      if (read().index > minIndex) finish();
    });
    request.signal.addEventListener('abort', finish, { once: true });
  });
}

function answer(result: ReadResult): DoubleResponse {
  return { ...result.response, index: Math.max(1, result.index) };
}
