import type { SlotStats } from '../../ports/proxy-runtime';

/** The rows of `show stat`'s CSV, each a lookup of its field by column name ('' when absent). */
export function statRows(output: string): readonly ((column: string) => string)[] {
  const [header = '', ...rows] = output.split('\n');
  const columns = header.replace(/^#\s*/, '').split(',');
  return rows.map((row) => {
    const fields = row.split(',');
    return (column: string): string => fields[columns.indexOf(column)] ?? '';
  });
}

/** Parses the CSV of `show stat`: the rows of servers of `backend` (FRONTEND/BACKEND rows left out). */
export function parseServerStats(output: string, backend: string): readonly SlotStats[] {
  const stats: SlotStats[] = [];
  for (const text of statRows(output)) {
    const count = (name: string): number => Number(text(name)) || 0;
    if (text('pxname') !== backend || ['FRONTEND', 'BACKEND', ''].includes(text('svname'))) continue;
    stats.push({
      slot: text('svname'),
      address: text('addr'),
      status: text('status'),
      weight: count('uweight'),
      sessions: count('scur'),
      queued: count('qcur'),
      requests: count('req_tot'),
      responses: { '1xx': count('hrsp_1xx'), '2xx': count('hrsp_2xx'), '3xx': count('hrsp_3xx'), '4xx': count('hrsp_4xx'), '5xx': count('hrsp_5xx'), other: count('hrsp_other') },
      connectionErrors: count('econ'),
      responseErrors: count('eresp'),
      averageMs: { queue: count('qtime'), connect: count('ctime'), response: count('rtime'), total: count('ttime') },
      maxMs: { response: count('rtime_max'), total: count('ttime_max') },
    });
  }
  return stats;
}

/** The command for one backend's servers. */
export function showStatText(backend: string): string {
  return `show stat ${backend} 4 -1`;
}

/** True when every server of the backend that takes no new requests (MAINT, DRAIN) has finished its requests. */
export function drained(stats: readonly SlotStats[]): boolean {
  return stats.every((s) => !/^(MAINT|DRAIN)/.test(s.status) || (s.sessions === 0 && s.queued === 0));
}
