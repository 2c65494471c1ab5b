import type { ContainerInfo } from '../../domain/container';
import type { EngineCaller } from './engine-caller';
import { compareText, stringAt } from '../../domain/json-fields';
import { labelFilters } from './label-filters';
import { mapConcurrent } from './map-concurrent';
import { mapContainer } from './map-container';

/** How many containers are inspected at once when listing. */
const inspectConcurrency = 8;

/**
 * All containers (running or not) carrying every label, each inspected for health and published
 * ports; sorted by name. A container removed between listing and inspecting is left out.
 */
export async function listContainers(
  caller: EngineCaller,
  labels: Readonly<Record<string, string | true>>,
  signal: AbortSignal,
): Promise<readonly ContainerInfo[]> {
  const filters = { label: labelFilters(labels) };
  const summaries: readonly unknown[] = await caller.call('list containers', signal, (docker, callSignal) =>
    docker.listContainers({ all: true, filters, abortSignal: callSignal }),
  );
  const ids = summaries.map((summary) => stringAt(summary, 'Id')).filter((id): id is string => id !== undefined);
  const containers = await mapConcurrent(ids, inspectConcurrency, (id) => inspectContainer(caller, id, signal));
  return containers
    .filter((container): container is ContainerInfo => container !== undefined)
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.id, b.id));
}

/** Undefined when the engine has no container with that id or name. */
export async function inspectContainer(caller: EngineCaller, idOrName: string, signal: AbortSignal): Promise<ContainerInfo | undefined> {
  return caller.call(
    'inspect container',
    signal,
    async (docker, callSignal) => {
      const inspect: unknown = await docker.getContainer(idOrName).inspect({ abortSignal: callSignal });
      return mapContainer(inspect, caller.host.name);
    },
    { target: idOrName, onNotFound: () => undefined },
  );
}
