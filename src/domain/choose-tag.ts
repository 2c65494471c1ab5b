import { compareSemver, isPrerelease, parseSemverTag, type SemverTag } from './semver-tag';

export interface TagChoiceInput {
  /** Every tag of the watched repository, as the registry lists them. */
  readonly tags: readonly string[];
  /** Whether pre-release tags (`1.3.0-rc.1`) count. */
  readonly prereleases: boolean;
  /** The tag of the live release, when the live release runs an image of the watched repository. */
  readonly liveTag?: string;
  /** Tags of the repository that were deployed before (succeeded releases): never deployed again. */
  readonly deployedTags: readonly string[];
  /** Tags whose deploy failed: not retried until an operator clears them. */
  readonly failedTags: readonly string[];
}

export type TagChoice =
  /** Deploy `tag`; `passedOver` lists newer tags that failed before and were not retried. */
  | { readonly kind: 'deploy'; readonly tag: string; readonly passedOver: readonly string[] }
  /** Nothing newer than the live release (and not deployed before). */
  | { readonly kind: 'up-to-date'; readonly newest?: string }
  /** Every newer tag failed before; they wait for an operator (`docker-flow agent --retry <tag>`) or a newer tag. */
  | { readonly kind: 'failed-before'; readonly tags: readonly string[] };

/**
 * Which tag the agent deploys (pure): the newest semver tag (v-prefixed or not; pre-releases only
 * when asked) that is newer than the live release, was never deployed, and did not fail before.
 * Two spellings of one version (`v1.2.0`, `1.2.0`) are one version.
 */
export function chooseTag(input: TagChoiceInput): TagChoice {
  const versions = input.tags
    .map(parseSemverTag)
    .filter((v): v is SemverTag => v !== undefined && (input.prereleases || !isPrerelease(v)))
    .sort((a, b) => compareSemver(b, a) || a.tag.localeCompare(b.tag));
  const live = input.liveTag === undefined ? undefined : parseSemverTag(input.liveTag);
  const deployed = known(input.deployedTags);
  const failed = known(input.failedTags);
  const candidates = versions.filter((v) => (live === undefined || compareSemver(v, live) > 0) && !deployed.some((d) => compareSemver(v, d) === 0));
  const passedOver: string[] = [];
  for (const candidate of unique(candidates)) {
    if (failed.some((f) => compareSemver(candidate, f) === 0)) {
      passedOver.push(candidate.tag);
      continue;
    }
    return { kind: 'deploy', tag: candidate.tag, passedOver };
  }
  if (passedOver.length > 0) return { kind: 'failed-before', tags: passedOver };
  const newest = versions[0];
  return newest === undefined ? { kind: 'up-to-date' } : { kind: 'up-to-date', newest: newest.tag };
}

function known(tags: readonly string[]): readonly SemverTag[] {
  return tags.map(parseSemverTag).filter((v): v is SemverTag => v !== undefined);
}

/** One entry per version (the list is sorted newest first, so equal versions are neighbours). */
function unique(sorted: readonly SemverTag[]): readonly SemverTag[] {
  return sorted.filter((v, i) => {
    const previous = sorted[i - 1];
    return previous === undefined || compareSemver(previous, v) !== 0;
  });
}

/** The tag part of an image reference of `repository` (`127.0.0.1:5000/app:1.2.0` → `1.2.0`), else undefined. */
export function tagOfRepository(image: string, repository: string): string | undefined {
  if (!image.startsWith(`${repository}:`)) return undefined;
  const tag = image.slice(repository.length + 1);
  return tag === '' || tag.includes('/') || tag.includes('@') ? undefined : tag;
}
