/**
 * Splits streamed output (chunks cut anywhere) into lines for the log, and keeps the last few
 * lines for error messages.
 */
export class OutputLines {
  private partial = '';
  private readonly last: string[] = [];

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly keep = 5,
    private readonly maxLineChars = 300,
  ) {}

  push(chunk: string): void {
    const lines = (this.partial + chunk).split(/\r?\n/);
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.emit(line);
  }

  /** Flushes a last line without a newline. */
  end(): void {
    if (this.partial !== '') this.emit(this.partial);
    this.partial = '';
  }

  /** `; last output: "a" / "b"`, or `; no output` */
  summary(): string {
    return this.last.length === 0 ? '; no output' : `; last output: ${this.last.map((line) => JSON.stringify(line)).join(' / ')}`;
  }

  get lines(): readonly string[] {
    return this.last;
  }

  private emit(raw: string): void {
    const line = raw.length > this.maxLineChars ? `${raw.slice(0, this.maxLineChars)}…` : raw;
    this.onLine(line);
    if (line.trim() === '') return;
    this.last.push(line);
    if (this.last.length > this.keep) this.last.shift();
  }
}
