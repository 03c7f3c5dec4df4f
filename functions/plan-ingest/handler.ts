// AWS Lambda entry of the Plan step: the state machine's input in, batches out.
import { ArtistRegistry } from '../lib/artists.ts';
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { planInputSchema } from '../lib/step-payloads.ts';
import { type Plan, planIngest } from './plan-ingest.ts';

let registry: ArtistRegistry | undefined;

export async function handler(event: unknown): Promise<Plan> {
  if (!registry) {
    const config = readFunctionsConfig();
    registry = new ArtistRegistry(createAwsClients(config).dynamo, config.tableName);
  }
  return planIngest(registry, planInputSchema.parse(event));
}
