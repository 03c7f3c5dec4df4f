// The reconciler on this machine: the same core as the Reconcile step, redriving through the
// local optimizer queue. Nothing else holds the data (the lock says so), so once the queue is
// drained nothing is in flight and no grace period is needed.
import { ArtistRegistry } from '../core/artists/artists.ts';
import { objectCreatedMessage } from '../core/ingest/s3-notifications.ts';
import { silentLogger } from '../core/platform/logger.ts';
import {
  MAX_REDRIVES,
  RECONCILE_LIMIT,
  type ReconcileFindings,
  reconcile,
} from '../core/reconcile/reconcile.ts';
import { reconcileDependencies } from '../functions/reconcile/dependencies.ts';
import type { ImagePipeline } from './image-pipeline.ts';
import type { StandIns } from './stand-ins.ts';

/**
 * Reconciles the originals of `artists` (every registered artist when unset) with their
 * records, and waits until the optimizer has processed what it redrove.
 */
export async function reconcileLocally(
  standIns: StandIns,
  pipeline: ImagePipeline,
  artists?: string[],
  skip?: ReadonlySet<string>,
): Promise<ReconcileFindings> {
  const { clients, config } = standIns;
  await pipeline.drained();
  const slugs =
    artists ??
    (await new ArtistRegistry(clients.dynamo, config.tableName).list()).map((a) => a.slug);
  const deps = reconcileDependencies(
    clients,
    config,
    async (keys) => {
      for (const key of keys) pipeline.queue.send(objectCreatedMessage(config.rawBucket, key));
    },
    silentLogger(),
  );
  const findings = await reconcile(deps, {
    artists: slugs,
    graceMs: 0,
    limit: RECONCILE_LIMIT,
    ...(skip && { skip }),
  });
  await pipeline.drained();
  return findings;
}

/** One line on what reconciling found, or undefined when everything agreed. */
export function describeFindings(findings: ReconcileFindings): string | undefined {
  const parts = [
    findings.redriven > 0 && `${findings.redriven} originals without a record processed again`,
    findings.removed > 0 &&
      `${findings.removed} damaged originals removed (fetched again on the next scrape)`,
    findings.takenOff > 0 &&
      `${findings.takenOff} images taken off the site (their sources no longer show them)`,
    findings.returned > 0 && `${findings.returned} images back at their source, shown again`,
    findings.directoryRepaired > 0 &&
      `${findings.directoryRepaired} artists' directory entries made to agree with their images`,
    findings.variantsWithoutRecord > 0 &&
      `${findings.variantsWithoutRecord} variants without a record`,
    findings.recordsWithoutOriginal > 0 &&
      `${findings.recordsWithoutOriginal} records without an original`,
    findings.malformed > 0 && `${findings.malformed} malformed records skipped`,
    findings.deferred > 0 && `${findings.deferred} originals left for the next run`,
    findings.givenUp > 0 &&
      `${findings.givenUp} originals the optimizer failed on ${MAX_REDRIVES} times, left alone (first: ${findings.examples.givenUp[0]})`,
  ].filter(Boolean);
  return parts.length > 0 ? `Reconciled: ${parts.join('; ')}` : undefined;
}
