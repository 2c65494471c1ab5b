import { randomBytes } from 'node:crypto';

let counter = 0;

/**
 * A name no other test run on this engine uses: `<prefix>-<pid><counter><random>`, lower case,
 * valid as a Compose project, container, network and label value. Keep prefixes short and
 * specific to your area (e.g. "bg-deploy"), since container names repeat them.
 */
export function uniqueName(prefix: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(prefix)) {
    throw new Error(`uniqueName: prefix "${prefix}" is not accepted; use lower-case letters, digits and "-", starting with a letter or digit`);
  }
  counter += 1;
  return `${prefix}-${process.pid.toString(36)}${counter.toString(36)}${randomBytes(2).toString('hex')}`;
}
