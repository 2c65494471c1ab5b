import type { EngineEvent } from '../../ports/docker-engine';
import { numberAt, recordAt, stringAt, stringMapAt } from '../../domain/json-fields';

/** Attributes the engine adds to a container event's Actor beside the container's labels. */
const nonLabelAttributes = new Set(['image', 'name', 'exitCode', 'signal', 'execID', 'execDuration']);

/**
 * One line of `GET /events` → EngineEvent; undefined for lines that are not container events.
 * `rawLine` is the line as received: timeNano is read from it because JSON numbers lose
 * precision past 2^53.
 */
export function mapEvent(event: unknown, rawLine: string, hostName: string): EngineEvent | undefined {
  if ((stringAt(event, 'Type') ?? 'container') !== 'container') return undefined;
  const actor = recordAt(event, 'Actor');
  const action = stringAt(event, 'Action') ?? stringAt(event, 'status');
  const containerId = stringAt(actor, 'ID') ?? stringAt(event, 'id');
  if (action === undefined || containerId === undefined) return undefined;
  const attributes = stringMapAt(actor, 'Attributes');
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!nonLabelAttributes.has(key)) labels[key] = value;
  }
  return {
    action,
    containerId,
    containerName: attributes['name'] ?? '',
    labels,
    host: hostName,
    timeNano: timeNanoOf(event, rawLine),
  };
}

function timeNanoOf(event: unknown, rawLine: string): bigint {
  const exact = /"timeNano"\s*:\s*(\d+)/.exec(rawLine)?.[1];
  if (exact !== undefined) return BigInt(exact);
  return BigInt(Math.trunc(numberAt(event, 'time') ?? 0)) * 1_000_000_000n;
}
