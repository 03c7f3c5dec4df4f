// AWS Lambda entry of the Plan step: the state machine's input in, batches out.
import { ArtistRegistry } from '../../core/artists/artists.ts';
import { type Plan, planIngest } from '../../core/ingest/plan-ingest.ts';
import { planInputSchema } from '../../core/ingest/step-payloads.ts';
import { lambdaEntry } from '../../core/platform/lambda-entry.ts';

export const handler = lambdaEntry(
  'plan-ingest',
  ({ clients, config }) => new ArtistRegistry(clients.dynamo, config.tableName),
  (registry, event: unknown): Promise<Plan> => planIngest(registry, planInputSchema.parse(event)),
);
