// AWS Lambda entry of the Plan step: the state machine's input in, batches out.
import { ArtistRegistry } from '../lib/artists.ts';
import { lambdaEntry } from '../lib/lambda-entry.ts';
import { planInputSchema } from '../lib/step-payloads.ts';
import { type Plan, planIngest } from './plan-ingest.ts';

export const handler = lambdaEntry(
  'plan-ingest',
  ({ clients, config }) => new ArtistRegistry(clients.dynamo, config.tableName),
  (registry, event: unknown): Promise<Plan> => planIngest(registry, planInputSchema.parse(event)),
);
