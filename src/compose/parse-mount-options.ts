import type { VolumeSpec } from '../domain/service-spec';
import type { ComposeLocation } from './compose-location';
import { describeValue, expectBoolean, expectMap, expectScalar } from './raw-value';

type Propagation = NonNullable<VolumeSpec['propagation']>;
type MountOptions = Pick<VolumeSpec, 'readOnly' | 'propagation' | 'noCopy' | 'selinux'>;

const propagations: readonly Propagation[] = ['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave'];
/** Docker Desktop's file-sharing hints (macOS); they change nothing on a Linux engine. */
const consistencies = new Set(['cached', 'delegated', 'consistent', 'default']);
const selinuxWithoutCreate = 'with create_host_path: false docker-flow mounts through the Engine API\'s Mounts, which cannot relabel for SELinux (only HostConfig.Binds can, and Binds create a missing host path)';

/**
 * The mode of a short-syntax volume (`ro`, `rw`, a propagation and SELinux `z`/`Z` for binds,
 * `nocopy` for volumes, `cached`/`delegated`/`consistent` accepted without effect), comma-separated.
 */
export function parseShortMode(mode: string, type: 'bind' | 'volume', bad: (why: string) => Error): MountOptions {
  let readOnly = false;
  let propagation: Propagation | undefined;
  let selinux: 'z' | 'Z' | undefined;
  let noCopy = false;
  for (const option of mode.split(',')) {
    const asPropagation = propagations.find((p) => p === option);
    if (option === 'ro' || option === 'rw') readOnly = option === 'ro';
    else if (asPropagation !== undefined && type === 'bind') propagation = asPropagation;
    else if ((option === 'z' || option === 'Z') && type === 'bind') selinux = option;
    else if (option === 'nocopy' && type === 'volume') noCopy = true;
    else if (!consistencies.has(option)) {
      throw bad(asPropagation !== undefined || option === 'nocopy' || option === 'z' || option === 'Z'
        ? `"${option}" applies only to ${option === 'nocopy' ? 'named volumes' : 'bind mounts'}`
        : `unknown mode "${option}" (use ro or rw, a propagation such as rslave or z/Z for a bind mount, nocopy for a named volume)`);
    }
  }
  return { readOnly, ...(propagation === undefined ? {} : { propagation }), ...(selinux === undefined ? {} : { selinux }), ...(noCopy ? { noCopy } : {}) };
}

/** `bind:`, `volume:` and `tmpfs:` of a long-syntax volume, checked against its type. */
export function parseLongOptions(map: Readonly<Record<string, unknown>>, type: string, where: ComposeLocation): Pick<VolumeSpec, 'propagation' | 'createHostPath' | 'selinux' | 'noCopy' | 'tmpfsSizeBytes' | 'tmpfsMode'> {
  for (const kind of ['bind', 'volume', 'tmpfs']) {
    if (map[kind] !== undefined && map[kind] !== null && kind !== type) throw where.child(kind).error(`applies to type: ${kind}, but this volume is type: ${type}`, `remove ${kind}: or write type: ${kind}`);
  }
  const consistency = map['consistency'];
  if (consistency !== undefined && consistency !== null && !consistencies.has(expectScalar(consistency, where.child('consistency'), 'write cached, delegated or consistent'))) {
    throw where.child('consistency').error(`must be cached, delegated or consistent, found ${describeValue(consistency)}`, 'write cached, delegated or consistent (Docker Desktop hints; no effect on Linux)');
  }
  const options = (kind: string, keys: readonly string[]): Readonly<Record<string, unknown>> => {
    const value = map[kind];
    if (value === undefined || value === null) return {};
    const at = where.child(kind);
    const sub = expectMap(value, at, `write ${kind}: as a map of ${keys.join(', ')}`);
    const unknown = Object.keys(sub).find((key) => !keys.includes(key));
    if (unknown !== undefined) throw at.child(unknown).error(`is not an option of ${kind}:`, `use ${keys.join(', ')}`);
    return sub;
  };
  if (type === 'bind') {
    const bind = options('bind', ['propagation', 'create_host_path', 'selinux']);
    const at = where.child('bind');
    const given = (key: string): boolean => bind[key] !== undefined && bind[key] !== null;
    const createHostPath = given('create_host_path') ? expectBoolean(bind['create_host_path'], at.child('create_host_path')) : true;
    const selinuxText = given('selinux') ? expectScalar(bind['selinux'], at.child('selinux'), 'write z (shared) or Z (private)') : undefined;
    if (selinuxText !== undefined && selinuxText !== 'z' && selinuxText !== 'Z') throw at.child('selinux').error(`"${selinuxText}" is not an SELinux option`, 'write z (shared) or Z (private)');
    if (selinuxText !== undefined && !createHostPath) {
      throw at.child('selinux').error(`cannot be used with create_host_path: false: ${selinuxWithoutCreate}`, 'remove create_host_path: false (the engine then creates a missing path), or remove selinux: and relabel the host path yourself (chcon -Rt svirt_sandbox_file_t <path>)');
    }
    const propagationText = given('propagation') ? expectScalar(bind['propagation'], at.child('propagation'), `use ${propagations.join(', ')}`) : undefined;
    const propagation = propagations.find((p) => p === propagationText);
    if (propagationText !== undefined && propagation === undefined) throw at.child('propagation').error(`"${propagationText}" is not a mount propagation`, `use ${propagations.join(', ')}`);
    return { createHostPath, ...(propagation === undefined ? {} : { propagation }), ...(selinuxText === undefined ? {} : { selinux: selinuxText }) };
  }
  if (type === 'volume') {
    const volume = options('volume', ['nocopy', 'subpath']);
    if (volume['subpath'] !== undefined) {
      throw where.child('volume').child('subpath').error('needs Engine API 1.45 (docker-flow speaks 1.41)', 'mount the whole volume, or put the data in a volume of its own');
    }
    return volume['nocopy'] === undefined || volume['nocopy'] === null ? {} : { noCopy: expectBoolean(volume['nocopy'], where.child('volume').child('nocopy')) };
  }
  const tmpfs = options('tmpfs', ['size', 'mode']);
  const size = tmpfs['size'] === undefined || tmpfs['size'] === null ? undefined : parseSizeBytes(tmpfs['size'], where.child('tmpfs').child('size'));
  const mode = tmpfs['mode'] === undefined || tmpfs['mode'] === null ? undefined : parseFileMode(tmpfs['mode'], where.child('tmpfs').child('mode'), 'prefix');
  return { ...(size === undefined ? {} : { tmpfsSizeBytes: size }), ...(mode === undefined ? {} : { tmpfsMode: mode }) };
}

/** `size=64m,mode=1777` of a service's `tmpfs:` entry; the Engine API's tmpfs mounts take only these two. */
export function parseTmpfsOptions(text: string, where: ComposeLocation): Pick<VolumeSpec, 'tmpfsSizeBytes' | 'tmpfsMode'> {
  let result: Pick<VolumeSpec, 'tmpfsSizeBytes' | 'tmpfsMode'> = {};
  for (const option of text.split(',')) {
    const [name = '', value = ''] = option.split('=');
    if (name === 'size') result = { ...result, tmpfsSizeBytes: parseSizeBytes(value, where) };
    else if (name === 'mode') result = { ...result, tmpfsMode: parseFileMode(value, where, 'octal') };
    else throw where.error(`the tmpfs option "${option}" is not supported (the Engine API's tmpfs mounts take size and mode)`, 'write /path, or /path:size=64m,mode=1777');
  }
  return result;
}

/** Bytes, or a number with a unit k, m, g, t (powers of 1024, as Docker reads them: 64m, 1.5g, 512kb). */
export function parseSizeBytes(value: unknown, where: ComposeLocation): number {
  const text = expectScalar(value, where, 'write a size such as 64m, 1g or a number of bytes').trim();
  const match = /^(\d+(?:\.\d+)?) ?([kmgtp])?i?b?$/i.exec(text);
  const power = match?.[2] === undefined ? 0 : 'kmgtp'.indexOf(match[2].toLowerCase()) + 1;
  const bytes = Math.floor(Number(match?.[1]) * 1024 ** power);
  if (match === null || !Number.isSafeInteger(bytes)) throw where.error(`"${text}" is not a size`, 'write a size such as 64m, 1g or a number of bytes');
  return bytes;
}

/**
 * A file mode. A number is taken as given (YAML `01777` and `0o1777` are octal numbers already). A
 * string is octal in the short `tmpfs:` syntax (`mode=1777`, as the engine reads it); in the long
 * syntax compose-go decodes it with Go's base-0 rule (mapstructure), so `"01777"` / `"0o1777"` are
 * octal and `"1777"` is decimal — as is the number 1777, although the Compose documentation calls
 * the mode octal: write it with a leading 0.
 */
function parseFileMode(value: unknown, where: ComposeLocation, strings: 'octal' | 'prefix'): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  const text = expectScalar(value, where, 'write a file mode in octal, such as 01777');
  const octal = strings === 'octal' ? /^0?o?([0-7]{1,5})$/.exec(text) : /^0o?([0-7]{1,5})$/.exec(text);
  if (octal?.[1] !== undefined) return Number.parseInt(octal[1], 8);
  if (strings === 'prefix' && /^[1-9]\d*$/.test(text)) return Number.parseInt(text, 10);
  throw where.error(`"${text}" is not a file mode`, 'write a file mode in octal, such as 01777');
}
