/** `<index-3>`, `<session-1>`, `<node-id-2>`... and the tokens that match any string. */
const tokenPattern = /<(index-\d+|index-before|(?:session|node-id|accessor|secret|policy|uuid)-\d+|agent-node|time|hash|server-address|\d+ characters)>/g;
const anyString = /^(agent-node|time|hash|server-address|\d+ characters)$/;

/**
 * The values a replay bound to the transcript's tokens: one token, one value, kept across the
 * steps of one file. `<index-before>` binds nothing but is remembered, to check that every such
 * index is lower than every `<index-N>`.
 */
export class TokenBindings {
  readonly indexes = new Map<string, number>();
  readonly before: { readonly where: string; readonly value: number }[] = [];
  readonly uuids = new Map<string, string>();

  /** Compares an expected JSON value (with tokens) to the double's; returns the differences. */
  match(expected: unknown, actual: unknown, where: string): readonly string[] {
    const problems: string[] = [];
    this.matchInto(expected, actual, where, problems);
    return problems;
  }

  /** Replaces the UUID tokens of a request (path or body text) with the values bound so far. */
  substitute(text: string): string {
    return text.replace(tokenPattern, (whole, name: string) => this.uuids.get(name) ?? whole);
  }

  /** The index relations of the whole file: `<index-N>` ordered by N, `<index-before>` below them all. */
  relationProblems(): readonly string[] {
    const problems: string[] = [];
    const ordered = [...this.indexes.entries()].sort(([a], [b]) => Number(a.slice(6)) - Number(b.slice(6)));
    for (let i = 1; i < ordered.length; i += 1) {
      const [lowName, low] = ordered[i - 1] ?? ['', 0];
      const [highName, high] = ordered[i] ?? ['', 0];
      if (!(low < high)) problems.push(`<${lowName}> is ${low} but <${highName}> is ${high}: they must be ordered by N`);
    }
    const lowest = ordered[0];
    for (const before of this.before) {
      if (lowest !== undefined && !(before.value < lowest[1])) problems.push(`<index-before> at ${before.where} is ${before.value}, not below <${lowest[0]}> (${lowest[1]})`);
    }
    return problems;
  }

  private matchInto(expected: unknown, actual: unknown, where: string, problems: string[]): void {
    if (typeof expected === 'string') return this.matchString(expected, actual, where, problems);
    if (Array.isArray(expected)) {
      if (!Array.isArray(actual)) return void problems.push(`${where}: expected an array, got ${show(actual)}`);
      if (expected.length !== actual.length) return void problems.push(`${where}: expected ${expected.length} items, got ${actual.length}: ${show(actual)}`);
      expected.forEach((item, i) => this.matchInto(item, actual[i], `${where}[${i}]`, problems));
      return;
    }
    if (typeof expected === 'object' && expected !== null) {
      if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) return void problems.push(`${where}: expected an object, got ${show(actual)}`);
      const wanted = Object.keys(expected).sort();
      const got = Object.keys(actual).sort();
      const missing = wanted.filter((key) => !got.includes(key));
      const extra = got.filter((key) => !wanted.includes(key));
      if (missing.length > 0 || extra.length > 0) problems.push(`${where}: fields differ (missing ${missing.join(',') || '-'}; extra ${extra.join(',') || '-'})`);
      for (const key of wanted) if (got.includes(key)) this.matchInto(Reflect.get(expected, key), Reflect.get(actual, key), `${where}.${key}`, problems);
      return;
    }
    if (expected !== actual) problems.push(`${where}: expected ${show(expected)}, got ${show(actual)}`);
  }

  private matchString(expected: string, actual: unknown, where: string, problems: string[]): void {
    const whole = /^<([^<>]+)>$/.exec(expected)?.[1];
    if (whole !== undefined && /^index-(\d+|before)$/.test(whole)) return this.bindIndex(whole, actual, where, problems);
    if (typeof actual !== 'string') return void problems.push(`${where}: expected ${show(expected)}, got ${show(actual)}`);
    const names: string[] = [];
    let source = '^';
    let last = 0;
    for (const found of expected.matchAll(tokenPattern)) {
      const name = found[1] ?? '';
      source += escape(expected.slice(last, found.index));
      const bound = this.uuids.get(name);
      if (anyString.test(name)) source += '([\\s\\S]*?)';
      else if (bound !== undefined) source += escape(bound);
      else source += '([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})';
      if (anyString.test(name) || bound === undefined) names.push(name);
      last = (found.index ?? 0) + found[0].length;
    }
    source += `${escape(expected.slice(last))}$`;
    const match = new RegExp(source).exec(actual);
    if (match === null) return void problems.push(`${where}: expected ${show(expected)}, got ${show(actual)}`);
    names.forEach((name, i) => {
      if (anyString.test(name)) return;
      const value = match[i + 1] ?? '';
      const bound = this.uuids.get(name);
      if (bound !== undefined && bound !== value) problems.push(`${where}: <${name}> is ${bound} elsewhere, here ${value}`);
      this.uuids.set(name, value);
    });
  }

  private bindIndex(name: string, actual: unknown, where: string, problems: string[]): void {
    const value = typeof actual === 'string' && /^\d+$/.test(actual) ? Number(actual) : actual;
    if (typeof value !== 'number') return void problems.push(`${where}: expected an index (<${name}>), got ${show(actual)}`);
    if (name === 'index-before') return void this.before.push({ where, value });
    const bound = this.indexes.get(name);
    if (bound !== undefined && bound !== value) return void problems.push(`${where}: <${name}> is ${bound} elsewhere, here ${value}`);
    for (const [other, otherValue] of this.indexes) if (other !== name && otherValue === value) problems.push(`${where}: <${name}> is ${value}, the value of <${other}>`);
    this.indexes.set(name, value);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
