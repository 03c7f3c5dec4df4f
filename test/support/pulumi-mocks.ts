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

/** An alias a resource declares, as the engine receives it. */
export type AliasRecord =
  | { urn: string }
  | { name: string; type: string; parentUrn: string; noParent: boolean };

/** A registration as the engine sees it: the resource's URN, its parent's, and its aliases. */
export interface Registration {
  urn: string;
  type: string;
  name: string;
  parentUrn: string;
  aliases: AliasRecord[];
}

/** Every registration of the current mocks, URNs and aliases included (useMocks starts it afresh). */
export const registrations: Registration[] = [];

/** The URN the engine gives a resource of `type` named `name` under `parentUrn`. */
export function urnOf(parentUrn: string, type: string, name: string): string {
  const parentType = parentUrn ? parentUrn.split('::')[2]?.split('$').pop() : undefined;
  return `urn:pulumi:test::portfolio::${parentType ? `${parentType}$` : ''}${type}::${name}`;
}

interface RegisterRequest {
  getParent(): string;
  getType(): string;
  getName(): string;
  getAliasesList(): {
    hasSpec(): boolean;
    getUrn(): string;
    getSpec():
      | { getName(): string; getType(): string; getParenturn(): string; getNoparent(): boolean }
      | undefined;
  }[];
}

/** Records each registration the mock monitor answers, with the aliases it was sent. */
function recordRegistrations(): void {
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(request: RegisterRequest, callback: unknown): unknown;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (request, callback) => {
    registrations.push({
      urn: urnOf(request.getParent(), request.getType(), request.getName()),
      type: request.getType(),
      name: request.getName(),
      parentUrn: request.getParent(),
      aliases: request.getAliasesList().map((alias) => {
        const spec = alias.hasSpec() ? alias.getSpec() : undefined;
        return spec
          ? {
              name: spec.getName(),
              type: spec.getType(),
              parentUrn: spec.getParenturn(),
              noParent: spec.getNoparent(),
            }
          : { urn: alias.getUrn() };
      }),
    });
    return register(request, callback);
  };
}

/**
 * Every URN an update would match `registration` with in the stack's state: its own, and those
 * its aliases name, a parent's aliases inherited by its children (as the engine does).
 */
export function urnsOf(registration: Registration, all: Registration[]): string[] {
  const byUrn = new Map(all.map((r) => [r.urn, r]));
  const resolve = (r: Registration): string[] => {
    const own = r.aliases.map((alias) =>
      'urn' in alias
        ? alias.urn
        : urnOf(
            alias.noParent ? '' : alias.parentUrn || r.parentUrn,
            alias.type || r.type,
            alias.name || r.name,
          ),
    );
    const parent = byUrn.get(r.parentUrn);
    const inherited = parent
      ? resolve(parent)
          .filter((urn) => urn !== parent.urn)
          .map((parentAlias) => urnOf(parentAlias, r.type, r.name))
      : [];
    return [r.urn, ...own, ...inherited];
  };
  return [...new Set(resolve(registration))];
}

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
  registrations.length = 0;
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
  recordRegistrations();
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
