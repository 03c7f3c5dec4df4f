// Pulumi under mocks: every registered resource is recorded with its inputs, and any provider
// function call not mocked fails the test (the program must not need the AWS control plane).
// As an update, every output is known; as a first preview, what the cloud would make (ids,
// ARNs, generated names, computed outputs) is unknown, as it is before anything exists.
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

/** What the current mocks registered (useMocks starts it afresh). */
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

/** Installs the mocks and forgets earlier registrations; call before creating resources. */
export async function useMocks({ preview = false } = {}): Promise<void> {
  recorded.length = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const physical = args.inputs.bucketPrefix ? `${args.inputs.bucketPrefix}mock` : args.name;
        // A bucket's id is its name, as in AWS; other ids are opaque.
        const knownId = args.type === 'aws:s3/bucket:Bucket' ? physical : `${args.name}-id`;
        const made: Record<string, unknown> = {
          arn: `arn:aws:mock:::${args.type}/${args.name}`,
          bucket: args.inputs.bucket ?? physical,
          name: args.inputs.name ?? physical,
          ...computedOutputs(args.type, args.name),
        };
        // Before creation a provider knows only what it was given: the rest is unknown, the id
        // too (an empty id is an unknown one).
        const outputs = preview
          ? Object.fromEntries(
              Object.entries(made).map(([key, value]) => [
                key,
                key in args.inputs ? value : pulumi.runtime.unknownValue,
              ]),
            )
          : made;
        const state = { ...args.inputs, ...outputs };
        const id = preview ? '' : knownId;
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
    preview,
  );
}

/** The value of an Output, awaited. */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** Resources of one type, of one component when its name prefix is given. */
export const ofType = (type: string, prefix = '') =>
  recorded.filter((resource) => resource.type === type && resource.name.startsWith(prefix));

/** The one resource of `type` named `name`; throws when there is none or more than one. */
export function named(type: string, name: string): RecordedResource {
  const found = recorded.filter((resource) => resource.type === type && resource.name === name);
  if (found.length !== 1) throw new Error(`${found.length} ${type} named ${name} were registered`);
  return found[0] as RecordedResource;
}

/**
 * Resolves once every registration the program started has been answered. The runtime tracks
 * its outstanding RPCs for its own shutdown; `waitForRPCs` is that wait (internal to the SDK,
 * hence not in its typings).
 */
export async function settled(): Promise<void> {
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
}
