import type { DockerEngine } from '../../ports/docker-engine';
import { parseProcStats, type ProcStat } from './proc-stat';
import type { ProxyWorker } from '../../ports/proxy-runtime';

/** Lists the processes of a container through busybox sh (no ps needed). */
export const listProcessesCommand = ['sh', '-c', 'cat /proc/[0-9]*/stat 2>/dev/null; true'] as const;

/** HAProxy workers inside the proxy container: children of the master; all but the newest are old. */
export async function containerWorkers(engine: DockerEngine, containerId: string, signal: AbortSignal): Promise<readonly ProxyWorker[]> {
  const result = await engine.exec(containerId, listProcessesCommand, signal);
  return haproxyWorkers(parseProcStats(result.output));
}

export function haproxyWorkers(processes: readonly ProcStat[]): readonly ProxyWorker[] {
  const haproxy = processes.filter((process) => process.comm === 'haproxy' && process.state !== 'Z');
  const pids = new Set(haproxy.map((process) => process.pid));
  const workers = haproxy.filter((process) => pids.has(process.ppid)).sort((a, b) => a.startTime - b.startTime || a.pid - b.pid);
  const newest = workers.at(-1);
  return workers.map((worker) => ({ pid: worker.pid, old: worker !== newest }));
}
