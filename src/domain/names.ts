import type { Color } from './color';

/** SPEC §3: the service name is `<project>-<target>`. */
export function serviceName(project: string, target: string): string {
  return `${project}-${target}`;
}

/** The Compose service a release runs as: `<target>-<color>` in blue-green mode, else `<target>`. */
export function releaseTarget(target: string, color: Color | undefined): string {
  return color === undefined ? target : `${target}-${color}`;
}

/** Containers: `<project>_<target>-<color>_<n>` (blue-green) or `<project>_<target>_<n>`. */
export function containerName(project: string, target: string, color: Color | undefined, n: number): string {
  return `${project}_${releaseTarget(target, color)}_${n}`;
}

/** Catalog (Consul / registrator) name of each instance: `<project>-<target>-<color>`. */
export function catalogName(project: string, target: string, color: Color | undefined): string {
  return `${project}-${releaseTarget(target, color)}`;
}

/** Compose project names are lower case letters, digits, dashes and underscores. */
export function normaliseProjectName(raw: string): string {
  return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '');
}
