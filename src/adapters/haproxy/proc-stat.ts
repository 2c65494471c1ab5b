import { readFile } from 'node:fs/promises';

/** The fields of /proc/<pid>/stat docker-flow uses. */
export interface ProcStat {
  readonly pid: number;
  readonly comm: string;
  /** R, S, D, Z (zombie), X (dead), ... */
  readonly state: string;
  readonly ppid: number;
  /** Clock ticks after boot. */
  readonly startTime: number;
}

/** Parses one /proc/<pid>/stat line; `comm` may hold spaces and parentheses. */
export function parseProcStat(line: string): ProcStat | undefined {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) return undefined;
  const rest = line.slice(close + 2).split(' ');
  const pid = Number(line.slice(0, open).trim());
  const state = rest[0];
  const ppid = Number(rest[1]);
  const startTime = Number(rest[19]);
  if (!Number.isInteger(pid) || state === undefined || !Number.isInteger(ppid) || !Number.isFinite(startTime)) return undefined;
  return { pid, comm: line.slice(open + 1, close), state, ppid, startTime };
}

/** Every stat line of a `cat /proc/[0-9]*\/stat` output. */
export function parseProcStats(output: string): readonly ProcStat[] {
  return output
    .split('\n')
    .map(parseProcStat)
    .filter((stat): stat is ProcStat => stat !== undefined);
}

/** The process, when it exists and is not a zombie. */
export async function readLiveProcess(pid: number): Promise<{ readonly stat: ProcStat; readonly args: readonly string[] } | undefined> {
  try {
    const stat = parseProcStat(await readFile(`/proc/${pid}/stat`, 'utf8'));
    if (stat === undefined || stat.state === 'Z' || stat.state === 'X') return undefined;
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter((arg) => arg !== '');
    return { stat, args };
  } catch {
    return undefined;
  }
}
