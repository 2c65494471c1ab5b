import { ConfigError } from '../errors';

/**
 * Where a value sits in a compose file: the file as the user named it and a key path such as
 * `services.app.ports[1]`. Every compose error is raised through one of these, so the message
 * always starts with `docker-compose.yml: services.app.ports[1]`.
 */
export class ComposeLocation {
  readonly file: string;
  readonly path: string;

  constructor(file: string, path = '') {
    this.file = file;
    this.path = path;
  }

  child(key: string): ComposeLocation {
    return new ComposeLocation(this.file, this.path === '' ? key : `${this.path}.${key}`);
  }

  item(index: number): ComposeLocation {
    return new ComposeLocation(this.file, `${this.path}[${index}]`);
  }

  /** `docker-compose.yml: services.app.ports[1]`, or just the file for the whole document. */
  get key(): string {
    return this.path === '' ? this.file : `${this.file}: ${this.path}`;
  }

  error(message: string, hint: string, cause?: unknown): ConfigError {
    return new ConfigError(this.key, message, cause === undefined ? { hint } : { hint, cause });
  }
}
