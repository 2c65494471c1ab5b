import type { RuntimeSettings } from '../domain/runtime-settings';
import type { KeyNote, NetworkMode, PortSpec } from '../domain/service-spec';
import type { ComposeLocation } from './compose-location';
import type { DependencyReference } from './parse-depends-on';
import type { NetworkReference } from './parse-service-networks';
import type { HealthcheckLayer } from './parse-healthcheck';
import type { TagPath } from './merge-tags';
import type { NetworkLayer, VolumeLayer } from './parse-resources';
import type { VolumeEntry } from './parse-volumes';

/** A name a service refers to (a network, a service in depends_on), with where it was written. */
export interface NamedReference {
  readonly name: string;
  readonly where: ComposeLocation;
}

/** `extends: {service, file}`: `file` made absolute (relative to the folder of the file that names it... see parseExtends). */
export interface ExtendsReference extends NamedReference {
  readonly file?: string;
}

export interface EnvFileReference {
  /** Absolute path. */
  readonly path: string;
  /** `required: false` in the long syntax: a missing file is skipped. */
  readonly required: boolean;
  readonly where: ComposeLocation;
}

/**
 * One service as one compose file states it (validated and typed, not yet merged with the other
 * files, env files not yet read, references not yet checked). Lists and maps are empty when
 * the file does not mention them.
 */
export interface ServiceLayer {
  /** `services.<name>` in the first file that defines the service. */
  readonly where: ComposeLocation;
  /** Every file that defines the service, in order. */
  readonly files: readonly string[];
  readonly image?: string;
  readonly build: boolean;
  readonly command?: readonly string[];
  readonly entrypoint?: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly envFiles: readonly EnvFileReference[];
  /** `x-docker-flow-safe-env:` names, sorted. */
  readonly safeEnv: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
  readonly ports: readonly PortSpec[];
  readonly expose: readonly number[];
  readonly healthcheck?: HealthcheckLayer;
  readonly restart?: string;
  readonly user?: string;
  readonly workingDir?: string;
  readonly volumes: readonly VolumeEntry[];
  readonly networks: readonly NetworkReference[];
  readonly networkMode?: { readonly mode: NetworkMode; readonly where: ComposeLocation };
  readonly dependsOn: readonly DependencyReference[];
  readonly stopSignal?: string;
  readonly stopGracePeriodMs?: number;
  /** `deploy.replicas`. */
  readonly replicas?: number;
  /** `scale:`; it must agree with deploy.replicas when both are given (checked once the files are merged). */
  readonly scale?: number;
  readonly constraints: readonly string[];
  readonly maxReplicasPerNode?: number;
  /** `extends:` a service of the same file or of `file` (absolute); resolved by resolveExtends before files merge. */
  readonly extends?: ExtendsReference;
  /** The keys carried to the engine (runtime-keys.ts), each key's settings on their own so files merge and `!reset` key by key; `deploy` holds deploy.resources. */
  readonly runtime: Readonly<Record<string, RuntimeSettings>>;
  /** Keys refused or warned about when the service is deployed (service-key-policy.ts). */
  readonly keyNotes: readonly KeyNote[];
}

export interface ComposeFileLayer {
  readonly services: Readonly<Record<string, ServiceLayer>>;
  readonly networks: Readonly<Record<string, NetworkLayer>>;
  readonly volumes: Readonly<Record<string, VolumeLayer>>;
  /** What this file's `!reset` / `!override` tags clear in the earlier files before it merges (see apply-resets). */
  readonly tagPaths?: readonly TagPath[];
  /** Top-level `name:`; the last file that gives one wins. */
  readonly name?: ProjectNameLayer;
}

export interface ProjectNameLayer {
  readonly value: string;
  /** `docker-compose.yml: name` */
  readonly at: string;
}
