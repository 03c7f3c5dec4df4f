// Pulumi under mocks: every registered resource is recorded with its inputs, and any provider
// function call not mocked fails the test (the program must not need the AWS control plane).
import * as pulumi from '@pulumi/pulumi';

export interface RecordedResource {
  type: string;
  name: string;
  id: string;
  inputs: Record<string, unknown>;
  /** The state the mock answered with: the inputs and the outputs it made up. */
  state: Record<string, unknown>;
  /** The provider reference (`urn::id`), when one was given. */
  provider?: string | undefined;
}

export const recorded: RecordedResource[] = [];

export const MOCK_ACCOUNT = '222222222222';
export const MOCK_REGION = 'eu-central-1';

/** Outputs real providers compute that the program reads (awsx components arrive whole). */
function computedOutputs(type: string, name: string): Record<string, unknown> {
  switch (type) {
    case 'aws:ecr/repository:Repository':
      return { repositoryUrl: `${MOCK_ACCOUNT}.dkr.ecr.${MOCK_REGION}.amazonaws.com/${name}` };
    case 'awsx:ecr:Image':
      return { imageUri: `${MOCK_ACCOUNT}.dkr.ecr.${MOCK_REGION}.amazonaws.com/${name}@sha256:0` };
    case 'awsx:ec2:Vpc':
      return { vpcId: `vpc-${name}`, publicSubnetIds: ['subnet-0a', 'subnet-0b'] };
    case 'aws:lambda/functionUrl:FunctionUrl':
      return { functionUrl: `https://${name}.lambda-url.${MOCK_REGION}.on.aws/` };
    case 'aws:apigatewayv2/api:Api':
      return {
        apiEndpoint: `https://${name}.execute-api.${MOCK_REGION}.amazonaws.com`,
        executionArn: `arn:aws:execute-api:${MOCK_REGION}:${MOCK_ACCOUNT}:${name}`,
      };
    case 'aws:s3/bucket:Bucket':
      return { bucketRegionalDomainName: `${name}.s3.${MOCK_REGION}.amazonaws.com` };
    case 'aws:cloudfront/distribution:Distribution':
      return { domainName: `${name}.cloudfront.net` };
    case 'aws:sqs/queue:Queue':
      return { url: `https://sqs.${MOCK_REGION}.amazonaws.com/${MOCK_ACCOUNT}/${name}` };
    case 'random:index/randomPassword:RandomPassword':
      // What the provider makes: a random value, different per resource.
      return { result: `mock-secret-${name}-${'x'.repeat(24)}` };
    default:
      return {};
  }
}

/** Installs the mocks; call once per test file before creating resources. */
export async function useMocks(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const physical = args.inputs.bucketPrefix ? `${args.inputs.bucketPrefix}mock` : args.name;
        // A bucket's id is its name, as in AWS; other ids are opaque.
        const id = args.type === 'aws:s3/bucket:Bucket' ? physical : `${args.name}-id`;
        const state = {
          ...args.inputs,
          arn: `arn:aws:mock:::${args.type}/${args.name}`,
          bucket: args.inputs.bucket ?? physical,
          name: args.inputs.name ?? physical,
          ...computedOutputs(args.type, args.name),
        };
        recorded.push({
          type: args.type,
          name: args.name,
          id,
          inputs: args.inputs,
          state,
          provider: args.provider,
        });
        return { id, state };
      },
      call: (args) => {
        // The control-plane reads the program makes: which account and region a provider is in.
        if (args.token === 'aws:index/getRegion:getRegion') {
          return { region: MOCK_REGION, name: MOCK_REGION };
        }
        if (args.token === 'aws:index/getCallerIdentity:getCallerIdentity') {
          return {
            accountId: MOCK_ACCOUNT,
            arn: `arn:aws:iam::${MOCK_ACCOUNT}:root`,
            userId: 'mock',
          };
        }
        throw new Error(`Unmocked provider call ${args.token}`);
      },
    },
    'portfolio',
    'test',
    false,
  );
}

/** The value of an Output, awaited. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Resources of one type, of one component when its name prefix is given. */
export const ofType = (type: string, prefix = '') =>
  recorded.filter((resource) => resource.type === type && resource.name.startsWith(prefix));

/** The one resource of `type` named `name`; throws when there is none. */
export function named(type: string, name: string): RecordedResource {
  // The latest: test files register one after another in one process.
  const found = recorded.findLast((resource) => resource.type === type && resource.name === name);
  if (!found) throw new Error(`No ${type} named ${name} was registered`);
  return found;
}

/** Resolves once no resource has been registered for `quietMs` (registrations have settled). */
export async function settled(quietMs = 200, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  let count = -1;
  while (count !== recorded.length) {
    if (Date.now() - started > timeoutMs) throw new Error('Pulumi registrations did not settle');
    count = recorded.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}
