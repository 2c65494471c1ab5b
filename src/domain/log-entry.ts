/**
 * One line of `docker-flow logs`: a line of a container's output (with the engine's timestamp),
 * or a note that an instance joined or left while following. Pure: sorting and formatting.
 */
export interface LogEntry {
  /** Sortable time: RFC 3339 UTC with the fraction padded to nanoseconds (see logTimeKey). */
  readonly key: string;
  readonly host: string;
  /** The instance as the prefix names it: `app-blue_1` (the container name without `<project>_`). */
  readonly instance: string;
  readonly kind: 'line' | 'joined' | 'left';
  readonly text: string;
}

/**
 * `2024-05-01T10:00:00.1234Z` → `2024-05-01T10:00:00.123400000Z`, so text order is time order
 * (the engine trims trailing zeros of the fraction). Undefined for anything else.
 */
export function logTimeKey(time: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/.exec(time);
  if (match === null) return undefined;
  return `${match[1] ?? ''}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}

/** The sortable key of a time in milliseconds since the epoch (for joins and leaves). */
export function logTimeKeyOfMs(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/**
 * Splits an engine log line (`timestamps=1`: `<RFC 3339> <text>`) into its time key and text; a
 * line without a readable time keeps `fallbackKey` (the previous line's), so it stays in place.
 */
export function parseLogLine(raw: string, fallbackKey: string): { readonly key: string; readonly text: string } {
  const space = raw.indexOf(' ');
  const key = space < 0 ? undefined : logTimeKey(raw.slice(0, space));
  return key === undefined ? { key: fallbackKey, text: raw } : { key, text: raw.slice(space + 1) };
}

/** The instance label of a container: `demo_app-blue_1` of project `demo` → `app-blue_1`. */
export function instanceLabel(containerName: string, project: string): string {
  return containerName.startsWith(`${project}_`) ? containerName.slice(project.length + 1) : containerName;
}

/** Time order; entries with the same time keep the order they were given in (a stable sort). */
export function sortLogEntries(entries: readonly LogEntry[]): readonly LogEntry[] {
  return entries.map((entry, index) => ({ entry, index })).sort((a, b) => (a.entry.key < b.entry.key ? -1 : a.entry.key > b.entry.key ? 1 : a.index - b.index)).map(({ entry }) => entry);
}

/** ANSI colours for prefixes (no red: it reads as an error). */
const palette = ['36', '33', '32', '35', '34', '96', '93', '92', '95', '94'] as const;

/** Formats entries as `host instance | text`, prefixes padded to one width and coloured when asked (a terminal). */
export class LogFormatter {
  private readonly colours = new Map<string, string>();
  private width = 0;

  constructor(private readonly coloured: boolean) {}

  /** Makes room for a prefix and gives it the next colour; call for every instance known before printing. */
  know(host: string, instance: string): void {
    const prefix = `${host} ${instance}`;
    this.width = Math.max(this.width, prefix.length);
    if (!this.colours.has(prefix)) this.colours.set(prefix, palette[this.colours.size % palette.length] ?? '36');
  }

  format(entry: LogEntry): string {
    this.know(entry.host, entry.instance);
    const prefix = `${entry.host} ${entry.instance}`.padEnd(this.width);
    const body = entry.kind === 'line' ? entry.text : `-- ${entry.kind} ${entry.text}`.trimEnd();
    if (!this.coloured) return `${prefix} | ${body}`;
    const colour = this.colours.get(`${entry.host} ${entry.instance}`) ?? '36';
    const note = entry.kind === 'line' ? body : `\u001b[2m${body}\u001b[0m`;
    return `\u001b[${colour}m${prefix} |\u001b[0m ${note}`;
  }
}
