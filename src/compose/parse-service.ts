import { isAbsolute, resolve } from 'node:path';
import type { ComposeLocation } from './compose-location';
import type { VariableLookup } from './interpolate';
import { imageReferenceForms, imageReferenceProblem } from './image-reference-problem';
import { checkReplicas, parseDeploy } from './parse-deploy';
import { parseComposeDurationMs } from './parse-compose-duration';
import { parseHealthcheck } from './parse-healthcheck';
import { parseKeyValues } from './parse-key-values';
import { parseExpose, parsePorts } from './parse-ports';
import { parseEnvFileList } from './parse-references';
import { parseDependsOn } from './parse-depends-on';
import { parseNetworkMode, parseServiceNetworks } from './parse-service-networks';
import { parseSafeEnv, safeEnvKey } from './parse-safe-env';
import { parseServiceVolumes, parseTmpfs } from './parse-volumes';
import type { PathContext } from './parse-volumes';
import { composeServiceKeys } from './compose-service-keys';
import { parseRuntimeKeys } from './runtime-keys';
import { keyNotes } from './service-key-policy';
import { describeValue, expectInteger, expectList, expectMap, expectScalar, expectString } from './raw-value';
import { splitShellWords } from './split-shell-words';
import type { ExtendsReference, ServiceLayer } from './service-layer';

export interface ServiceContext extends PathContext {
  /** The project environment (shell over .env), for `environment: [KEY]` without a value. */
  readonly lookup: VariableLookup;
  /** A key that is not part of Compose at all (probably a typo); it is ignored. */
  readonly onUnknownKey: (where: ComposeLocation) => void;
}

const restartPattern = /^(?:no|always|unless-stopped|on-failure(?::\d+)?)$/;
const acceptedCommand = 'write a string ("npm start") or a list (["npm", "start"])';

/** One service of one compose file → a typed, validated layer (see ServiceLayer). */
export function parseService(raw: unknown, where: ComposeLocation, context: ServiceContext): ServiceLayer {
  const map = expectMap(raw, where, 'write each service as a map with at least image:');
  for (const key of Object.keys(map)) {
    if (!key.startsWith('x-') && !composeServiceKeys.has(key)) context.onUnknownKey(where.child(key));
  }
  const field = (key: string): { value: unknown; at: ComposeLocation } | undefined =>
    map[key] === undefined || map[key] === null ? undefined : { value: map[key], at: where.child(key) };
  const text = (key: string, accepted: string): string | undefined => {
    const f = field(key);
    return f === undefined ? undefined : expectScalar(f.value, f.at, accepted);
  };
  const image = text('image', 'write image: name:tag');
  if (image?.trim() === '') throw where.child('image').error('is empty (a variable in it may be unset)', 'write image: name:tag, and check the variables it uses');
  const imageProblem = image === undefined ? undefined : imageReferenceProblem(image);
  if (imageProblem !== undefined) throw where.child('image').error(`"${image ?? ''}" is not an image reference: ${imageProblem}`, imageReferenceForms);
  const restart = text('restart', 'use no, always, on-failure, on-failure:N or unless-stopped');
  if (restart !== undefined && !restartPattern.test(restart)) {
    throw where.child('restart').error(`"${restart}" is not a restart policy`, 'use no, always, on-failure, on-failure:N or unless-stopped');
  }
  const command = words(field('command'));
  const entrypoint = words(field('entrypoint'));
  const healthcheck = field('healthcheck');
  const networkMode = field('network_mode');
  const user = text('user', 'write a user name or uid (app, 1000, 1000:1000)');
  const workingDir = text('working_dir', 'write an absolute path in the container');
  const stopSignal = text('stop_signal', 'write a signal name such as SIGTERM');
  const grace = field('stop_grace_period');
  const stopGracePeriodMs = grace === undefined ? undefined : parseComposeDurationMs(grace.value, grace.at);
  const deploy = field('deploy') === undefined ? { constraints: [], notes: [] } : parseDeploy(map['deploy'], where.child('deploy'));
  const runtime = parseRuntimeKeys(map, where);
  if (deploy.resources !== undefined) runtime['deploy'] = deploy.resources;
  const scaleField = field('scale');
  const scale = scaleField === undefined ? undefined : checkReplicas(expectInteger(scaleField.value, scaleField.at, 0), scaleField.at);
  const replicas = deploy.replicas;
  const listOf = <T>(key: string, parse: (value: unknown, at: ComposeLocation) => T[]): T[] => {
    const f = field(key);
    return f === undefined ? [] : parse(f.value, f.at);
  };
  return {
    where,
    files: [where.file],
    ...(image === undefined ? {} : { image }),
    build: field('build') !== undefined,
    ...(command === undefined ? {} : { command }),
    ...(entrypoint === undefined ? {} : { entrypoint }),
    environment: field('environment') === undefined ? {} : parseKeyValues(map['environment'], where.child('environment'), context.lookup),
    envFiles: listOf('env_file', (value, at) => parseEnvFileList(value, at, context.projectDir)),
    safeEnv: listOf(safeEnvKey, parseSafeEnv),
    labels: field('labels') === undefined ? {} : parseKeyValues(map['labels'], where.child('labels'), undefined),
    ports: listOf('ports', parsePorts),
    expose: listOf('expose', parseExpose),
    ...(healthcheck === undefined ? {} : { healthcheck: parseHealthcheck(healthcheck.value, healthcheck.at) }),
    ...(restart === undefined ? {} : { restart }),
    ...(user === undefined ? {} : { user }),
    ...(workingDir === undefined ? {} : { workingDir }),
    volumes: [...listOf('volumes', (value, at) => parseServiceVolumes(value, at, context)), ...listOf('tmpfs', parseTmpfs)],
    networks: listOf('networks', parseServiceNetworks),
    ...(networkMode === undefined ? {} : { networkMode: { mode: parseNetworkMode(networkMode.value, networkMode.at), where: networkMode.at } }),
    dependsOn: listOf('depends_on', parseDependsOn),
    ...(stopSignal === undefined ? {} : { stopSignal }),
    ...(stopGracePeriodMs === undefined ? {} : { stopGracePeriodMs }),
    ...(replicas === undefined ? {} : { replicas }),
    ...(scale === undefined ? {} : { scale }),
    constraints: deploy.constraints,
    ...(deploy.maxReplicasPerNode === undefined ? {} : { maxReplicasPerNode: deploy.maxReplicasPerNode }),
    ...(field('extends') === undefined ? {} : { extends: parseExtends(map['extends'], where.child('extends'), context.projectDir) }),
    runtime,
    keyNotes: [...keyNotes(Object.keys(map).filter((key) => field(key) !== undefined), where), ...deploy.notes],
  };
}

/**
 * `extends: base` or `extends: {service: base, file: other.yml}`. A relative `file` is relative to
 * `baseDir`: the project directory for the files given with -f, the extended file's own folder
 * for a file that is itself extended (compose-go's resource loaders).
 */
function parseExtends(value: unknown, where: ComposeLocation, baseDir: string): ExtendsReference {
  const accepted = 'write extends: <service> or extends: {service: <service>, file: <compose file>}';
  if (typeof value === 'string') return { name: value, where };
  const map = expectMap(value, where, accepted);
  const unknown = Object.keys(map).find((key) => key !== 'service' && key !== 'file');
  if (unknown !== undefined) throw where.child(unknown).error('is not a key of extends', accepted);
  if (map['service'] === undefined || map['service'] === null) throw where.error('names no service', accepted);
  const name = expectScalar(map['service'], where.child('service'), accepted);
  if (map['file'] === undefined || map['file'] === null) return { name, where };
  const file = expectString(map['file'], where.child('file'), accepted);
  return { name, where, file: isAbsolute(file) ? file : resolve(baseDir, file) };
}

function words(field: { value: unknown; at: ComposeLocation } | undefined): readonly string[] | undefined {
  if (field === undefined) return undefined;
  if (typeof field.value === 'string') return splitShellWords(field.value, field.at);
  if (!Array.isArray(field.value)) throw field.at.error(`must be a string or a list, found ${describeValue(field.value)}`, acceptedCommand);
  return expectList(field.value, field.at, acceptedCommand).map((item, index) => expectScalar(item, field.at.item(index), acceptedCommand));
}
