// The reconciler on the stand-ins with an optimizer that never gets through what it is handed:
// the redriven originals come to nothing, as with an optimizer that fails on them every time.
import { silentLogger } from '../../core/platform/logger.ts';
import {
  type ReconcileDependencies,
  type ReconcileFindings,
  reconcile,
} from '../../core/reconcile/reconcile.ts';
import { reconcileDependencies } from '../../functions/reconcile/dependencies.ts';
import type { StandIns } from '../../local/stand-ins.ts';

export function idleReconciler(standIns: StandIns): ReconcileDependencies {
  return reconcileDependencies(standIns.clients, standIns.config, async () => {}, silentLogger());
}

/** `count` runs over `slug`, one after the other, each with no grace period. */
export async function reconcileRuns(
  standIns: StandIns,
  slug: string,
  count: number,
  limit: number,
): Promise<ReconcileFindings[]> {
  const deps = idleReconciler(standIns);
  const runs: ReconcileFindings[] = [];
  for (let run = 0; run < count; run++)
    runs.push(await reconcile(deps, { artists: [slug], graceMs: 0, limit }));
  return runs;
}
