import type { TagSource } from '../ports/tag-source';
import type { FlowOptions } from '../config/flow-options';
import type { AgentRunRecord } from '../domain/agent-records';
import { chooseTag, tagOfRepository, type TagChoice } from '../domain/choose-tag';
import { serviceName } from '../domain/names';
import type { Logger } from '../logger';
import type { AgentStore } from '../store/agent-store';
import type { ServiceStore } from '../store/service-store';
import type { AgentJournal } from './agent-journal';
import { blamesTheImage, outcomeOf, type RunOutcome } from './run-outcome';
import { iso, type FlowRunner } from './schedule-runner';

export interface ImagePollerDeps {
  /** The agent's options; `target` names the service whose image is watched. */
  readonly options: FlowOptions & { readonly target: string };
  readonly source: TagSource;
  readonly services: ServiceStore;
  readonly agentStore: AgentStore;
  readonly journal: AgentJournal;
  readonly runFlows: FlowRunner;
  readonly now: () => number;
  readonly logger: Logger;
}

/** The flows a new tag goes through. */
export const releaseFlows = ['deploy', 'proxy', 'stop-old'] as const;

/**
 * One poll of the watched repository: list its tags, compare with the live release (the newest
 * succeeded release record), and deploy + proxy + stop-old the newest tag that is newer, was never
 * deployed and did not fail before. A deploy that fails because of the image (unhealthy, does not
 * start, missing) remembers the tag in the state store so the next polls do not retry it.
 */
export async function pollImage(deps: ImagePollerDeps, trigger: AgentRunRecord['trigger'], signal: AbortSignal): Promise<RunOutcome> {
  const { options, source } = deps;
  const service = serviceName(options.project, options.target);
  const repository = source.repository.reference;
  const logger = deps.logger.child({ watch: repository });
  const startedAt = deps.now();
  let outcome: RunOutcome;
  let tag: string | undefined;
  try {
    const [tags, snapshot, stored] = await Promise.all([source.listTags(signal), deps.services.read(service, signal), deps.agentStore.failedTags(service, signal)]);
    for (const c of stored.corrupt) logger.warn(`watch ${repository}: ${c.key} ${c.reason}; no tag counts as failed until the agent writes the list anew`);
    const failed = stored.tags;
    const succeeded = snapshot.releases.filter((r) => r.result === 'succeeded');
    const tagOf = (image: string | undefined): string | undefined => (image === undefined ? undefined : tagOfRepository(image, repository));
    const liveTag = tagOf(succeeded[0]?.images[options.target]?.image);
    const choice = chooseTag({
      tags,
      prereleases: options.watchPrereleases,
      ...(liveTag === undefined ? {} : { liveTag }),
      deployedTags: succeeded.flatMap((r) => tagOf(r.images[options.target]?.image) ?? []),
      failedTags: failed.map((f) => f.tag),
    });
    tag = choice.kind === 'deploy' ? choice.tag : undefined;
    outcome = await act(deps, choice, { service, repository, liveTag, failedAt: new Map(failed.map((f) => [f.tag, f])) }, logger, signal);
  } catch (error) {
    outcome = outcomeOf(error, signal);
    logger.warn(`watch ${repository}: poll ${outcome.result}: ${outcome.message}`, { result: outcome.result });
  }
  const lastPoll = { startedAt: iso(startedAt), finishedAt: iso(deps.now()), result: outcome.result, message: outcome.message, trigger, ...(tag === undefined ? {} : { tag }) };
  await deps.journal.updateWatch({ service, image: repository, intervalMs: options.watchIntervalMs }, { lastPoll });
  return outcome;
}

interface PollFacts {
  readonly service: string;
  readonly repository: string;
  readonly liveTag: string | undefined;
  readonly failedAt: ReadonlyMap<string, { readonly at: string; readonly error: string }>;
}

async function act(deps: ImagePollerDeps, choice: TagChoice, facts: PollFacts, logger: Logger, signal: AbortSignal): Promise<RunOutcome> {
  const live = facts.liveTag ?? 'none';
  const retryHint = (tag: string): string => `push a newer tag, or retry it: docker-flow agent --retry ${tag}`;
  switch (choice.kind) {
    case 'up-to-date': {
      const message = `up to date (live: ${live}, newest tag: ${choice.newest ?? 'none'})`;
      logger.debug(`watch ${facts.repository}: ${message}`);
      return { result: 'up-to-date', message };
    }
    case 'failed-before': {
      const details = choice.tags.map((tag) => `${tag} (failed ${facts.failedAt.get(tag)?.at ?? 'before'})`).join(', ');
      const message = `not retried: ${details}; live stays ${live}; ${retryHint(choice.tags[0] ?? '<tag>')}`;
      logger.warn(`watch ${facts.repository}: ${message}`, { result: 'skipped' });
      return { result: 'skipped', message };
    }
    case 'deploy':
      break;
  }
  if (choice.passedOver.length > 0) logger.warn(`watch ${facts.repository}: passing over ${choice.passedOver.join(', ')}, which failed before; ${retryHint(choice.passedOver[0] ?? '')}`);
  const image = `${facts.repository}:${choice.tag}`;
  const options: FlowOptions = { ...deps.options, flows: [...releaseFlows], schedules: [] };
  logger.info(`watch ${facts.repository}: new tag ${choice.tag} (live: ${live}): ${releaseFlows.join(' + ')} with ${image}`, { tag: choice.tag });
  const startedAt = deps.now();
  try {
    await deps.runFlows({ options, imageOverride: image, logger: logger.child({ tag: choice.tag }), signal });
  } catch (error) {
    const outcome = outcomeOf(error, signal);
    if (!blamesTheImage(outcome)) {
      logger.warn(`watch ${facts.repository}: ${choice.tag} ${outcome.result}: ${outcome.message}; tried again at the next poll`, { result: outcome.result });
      return outcome;
    }
    await deps.agentStore.rememberFailedTag(facts.service, { tag: choice.tag, at: iso(deps.now()), error: outcome.message }, AbortSignal.timeout(10_000));
    const message = `${choice.tag} failed: ${outcome.message}; live stays ${live}; the tag is not retried (${retryHint(choice.tag)})`;
    logger.error(`watch ${facts.repository}: ${message}`, { result: 'failed', tag: choice.tag });
    return { ...outcome, message };
  }
  const message = `deployed ${choice.tag} (was ${live}) in ${((deps.now() - startedAt) / 1000).toFixed(1)}s`;
  logger.info(`watch ${facts.repository}: ${message}`, { result: 'succeeded', tag: choice.tag });
  return { result: 'succeeded', message };
}
