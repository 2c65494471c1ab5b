/**
 * Reading a stored record (JSON written by an earlier run, maybe by hand, maybe half-written)
 * into our own types without casts. The first field that is missing or of the wrong type stops
 * the reading with a RecordProblem naming its path (`servers[1].port: expected a number, found "80"`).
 */
export class RecordProblem extends Error {
  constructor(path: string, expected: string, found: unknown) {
    super(`${path === '' ? '' : `${path}: `}expected ${expected}, found ${describe(found)}`);
    this.name = 'RecordProblem';
  }
}

/** The fields of one JSON object; each reader throws a RecordProblem when its field does not fit. */
export class RecordFields {
  private readonly values: Readonly<Record<string, unknown>>;

  constructor(
    json: unknown,
    private readonly path = '',
  ) {
    if (!isJsonObject(json)) throw new RecordProblem(path, 'an object', json);
    this.values = json;
  }

  string(name: string): string {
    return this.required(name, this.optionalString(name), 'a string');
  }

  optionalString(name: string): string | undefined {
    return this.optional(name, 'a string', (value) => (typeof value === 'string' ? value : undefined));
  }

  /** A whole number of at least `min`. */
  integer(name: string, min: number): number {
    return this.required(name, this.optionalInteger(name, min), `a whole number of at least ${min}`);
  }

  optionalInteger(name: string, min: number): number | undefined {
    return this.optional(name, `a whole number of at least ${min}`, (value) => (Number.isSafeInteger(value) && Number(value) >= min ? Number(value) : undefined));
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T {
    return this.required(name, this.optionalOneOf(name, values), `one of ${values.join(', ')}`);
  }

  optionalOneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    return this.optional(name, `one of ${values.join(', ')}`, (value) => values.find((v) => v === value));
  }

  strings(name: string): readonly string[] {
    return this.list(name, (_fields, value, path) => {
      if (typeof value !== 'string') throw new RecordProblem(path, 'a string', value);
      return value;
    });
  }

  /** A list; `read` gets each item (as fields when it is an object) and its path. */
  list<T>(name: string, read: (fields: RecordFields | undefined, value: unknown, path: string) => T): readonly T[] {
    const value = this.values[name];
    if (!Array.isArray(value)) throw new RecordProblem(this.at(name), 'a list', value);
    return value.map((item: unknown, index) => {
      const path = `${this.at(name)}[${index}]`;
      return read(isJsonObject(item) ? new RecordFields(item, path) : undefined, item, path);
    });
  }

  /** A nested object, read field by field. */
  object<T>(name: string, read: (fields: RecordFields) => T): T {
    return read(new RecordFields(this.values[name], this.at(name)));
  }

  optionalObject<T>(name: string, read: (fields: RecordFields) => T): T | undefined {
    return this.values[name] === undefined ? undefined : this.object(name, read);
  }

  /** An object used as a map: every value read with `read`. */
  entries<T>(name: string, read: (fields: RecordFields) => T): Readonly<Record<string, T>> {
    const map = new RecordFields(this.values[name], this.at(name));
    return Object.fromEntries(Object.keys(map.values).map((key) => [key, map.object(key, read)]));
  }

  private optional<T>(name: string, expected: string, accept: (value: unknown) => T | undefined): T | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    const accepted = accept(value);
    if (accepted === undefined) throw new RecordProblem(this.at(name), expected, value);
    return accepted;
  }

  private required<T>(name: string, value: T | undefined, expected: string): T {
    if (value === undefined) throw new RecordProblem(this.at(name), expected, undefined);
    return value;
  }

  private at(name: string): string {
    return this.path === '' ? name : `${this.path}.${name}`;
  }
}

function isJsonObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
