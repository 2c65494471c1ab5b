import type { ProxyWorker } from '../../ports/proxy-runtime';
import { pollUntil } from './poll-until';
import { sendSocketCommand } from './unix-socket-command';

export interface MasterProcesses {
  readonly masterPid: number;
  readonly reloads: number;
  readonly failedReloads: number;
  readonly workers: readonly ProxyWorker[];
}

/**
 * `show proc` on the master CLI; undefined when the master does not answer within `timeoutMs` (its
 * socket refuses connections for a moment while the master starts or re-executes itself on reload).
 */
export async function showProc(masterSocket: string, signal: AbortSignal, timeoutMs = 3000): Promise<MasterProcesses | undefined> {
  return pollUntil('asking HAProxy for its processes', async () => parseShowProc(await sendSocketCommand(masterSocket, 'show proc', signal).catch(() => '')), { timeoutMs, intervalMs: 50, signal });
}

/**
 * Parses `show proc`:
 *   #<PID>  <type>  <reloads>  <uptime>  <version>
 *   7207    master  1 [failed: 0]  0d00h10m14s  2.6.12
 *   # workers
 *   25277   worker  0  ...
 *   # old workers
 *   7208    worker  1  ...
 */
export function parseShowProc(output: string): MasterProcesses | undefined {
  let section = 'master';
  let master: { pid: number; reloads: number; failed: number } | undefined;
  const workers: ProxyWorker[] = [];
  for (const line of output.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('#<PID>') || trimmed === '') continue;
    if (trimmed.startsWith('#')) {
      section = trimmed.slice(1).trim();
      continue;
    }
    const fields = /^(\d+)\s+(\S+)\s+(\d+)(?:\s+\[failed:\s*(\d+)\])?/.exec(trimmed);
    if (fields === null) continue;
    const pid = Number(fields[1]);
    if (fields[2] === 'master') master = { pid, reloads: Number(fields[3]), failed: Number(fields[4] ?? 0) };
    else if (fields[2] === 'worker' && (section === 'workers' || section === 'old workers')) workers.push({ pid, old: section === 'old workers' });
  }
  if (master === undefined) return undefined;
  return { masterPid: master.pid, reloads: master.reloads, failedReloads: master.failed, workers };
}
