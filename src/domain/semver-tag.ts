/** A semantic version read from an image tag: `1.2.3`, `v1.2.3`, `1.3.0-rc.1` (semver.org 2.0). */
export interface SemverTag {
  /** The tag as written in the registry. */
  readonly tag: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Dot-separated pre-release identifiers (`rc.1` → ['rc', '1']); empty for a release. */
  readonly prerelease: readonly string[];
}

const identifier = String.raw`(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)`;
const pattern = new RegExp(
  String.raw`^[vV]?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-(${identifier}(?:\.${identifier})*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$`,
);

/** The version of a tag, or undefined when the tag is not semver (`latest`, `1.2`, `2024-05-01`, `v01.2.3`). */
export function parseSemverTag(tag: string): SemverTag | undefined {
  const match = pattern.exec(tag);
  if (match === null) return undefined;
  const [major, minor, patch] = [match[1], match[2], match[3]].map(Number);
  if (major === undefined || minor === undefined || patch === undefined) return undefined;
  if (![major, minor, patch].every(Number.isSafeInteger)) return undefined;
  return { tag, major, minor, patch, prerelease: match[4] === undefined ? [] : match[4].split('.') };
}

/** Semver precedence: negative when a < b, 0 when equal (`v1.0.0` equals `1.0.0`; build metadata is ignored). */
export function compareSemver(a: SemverTag, b: SemverTag): number {
  const core = a.major - b.major || a.minor - b.minor || a.patch - b.patch;
  if (core !== 0) return Math.sign(core);
  // a release ranks above its pre-releases: 1.0.0-rc.1 < 1.0.0
  if (a.prerelease.length === 0 || b.prerelease.length === 0) return Math.sign(b.prerelease.length - a.prerelease.length);
  const length = Math.max(a.prerelease.length, b.prerelease.length);
  for (let i = 0; i < length; i += 1) {
    const x = a.prerelease[i];
    const y = b.prerelease[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const order = compareIdentifier(x, y);
    if (order !== 0) return order;
  }
  return 0;
}

/** Numeric identifiers compare as numbers and rank below alphanumeric ones, which compare in ASCII order. */
function compareIdentifier(x: string, y: string): number {
  const xNumeric = /^\d+$/.test(x);
  const yNumeric = /^\d+$/.test(y);
  if (xNumeric && yNumeric) return Math.sign(Number(x) - Number(y));
  if (xNumeric !== yNumeric) return xNumeric ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isPrerelease(version: SemverTag): boolean {
  return version.prerelease.length > 0;
}
