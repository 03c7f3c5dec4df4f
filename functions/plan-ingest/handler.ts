// AWS Lambda entry of the Plan step: the state machine's input in, batches out.
import { z } from 'zod';
import { ArtistRegistry } from '../lib/artists.ts';
import { createAwsClients } from '../lib/aws-clients.ts';
import { readFunctionsConfig } from '../lib/config.ts';
import { type Plan, planIngest } from './plan-ingest.ts';

const input = z.object({
  artists: z.array(z.string()).nullish(),
  batchSize: z.number().int().min(1).max(100),
  runId: z.string().min(1),
});

let registry: ArtistRegistry | undefined;

export async function handler(event: unknown): Promise<Plan> {
  if (!registry) {
    const config = readFunctionsConfig();
    registry = new ArtistRegistry(createAwsClients(config).dynamo, config.tableName);
  }
  return planIngest(registry, input.parse(event));
}
