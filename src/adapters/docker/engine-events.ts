import type { Readable } from 'node:stream';
import { InterruptedError, UnreachableError } from '../../errors';
import type { EngineEvent } from '../../ports/docker-engine';
import type { EngineCaller } from './engine-caller';
import { labelFilters } from './label-filters';
import { mapEvent } from './map-event';
import { toReadable } from './stream-until-end';
import { engineOn } from './translate-error';

/**
 * Lifecycle actions asked of the engine. Leaves out exec_create/exec_start/exec_die, which every
 * health check causes every interval; `health_status` matches "health_status: healthy" etc.
 */
const lifecycleActions = [
  'create', 'start', 'restart', 'stop', 'kill', 'die', 'oom', 'pause', 'unpause', 'rename', 'update', 'destroy', 'health_status',
] as const;

/**
 * `GET /events?filters={"type":["container"],"label":[...]}` as an async iterable. Ends quietly
 * when `signal` aborts (the response is destroyed, so no socket stays open) or when the consumer
 * stops iterating; throws when the engine cannot be reached or cuts the stream.
 */
export async function* engineEvents(
  caller: EngineCaller,
  labels: Readonly<Record<string, string | true>>,
  signal: AbortSignal,
): AsyncGenerator<EngineEvent, void, undefined> {
  const filters = { type: ['container' as const], event: [...lifecycleActions], label: labelFilters(labels) };
  let stream: Readable;
  try {
    stream = await caller.call('events', signal, async (docker, callSignal) => toReadable(await docker.getEvents({ filters, abortSignal: callSignal })));
  } catch (error) {
    if (signal.aborted && error instanceof InterruptedError) return;
    throw error;
  }
  const onAbort = (): void => {
    stream.destroy();
  };
  signal.addEventListener('abort', onAbort, { once: true });
  let buffered = '';
  try {
    for await (const chunk of stream) {
      buffered += Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const event = parseEventLine(line, caller.host.name);
        if (event !== undefined) yield event;
      }
    }
    if (!signal.aborted) {
      throw new UnreachableError(`${engineOn(caller.host)} closed its event stream`, {
        hint: `is dockerd on ${caller.host.name} restarting? watching again resumes from now`,
      });
    }
  } catch (error) {
    if (!signal.aborted) throw caller.translate('events', error);
  } finally {
    signal.removeEventListener('abort', onAbort);
    stream.destroy();
  }
}

function parseEventLine(line: string, hostName: string): EngineEvent | undefined {
  if (line.trim() === '') return undefined;
  try {
    return mapEvent(JSON.parse(line), line, hostName);
  } catch {
    return undefined;
  }
}
