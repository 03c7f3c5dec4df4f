// Pulumi under mocks: every registered resource is recorded with its inputs, and any provider
// function call not mocked fails the test (the program must not need the AWS control plane).
import * as pulumi from '@pulumi/pulumi';

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

export const recorded: RecordedResource[] = [];

/** Installs the mocks; call once per test file before creating resources. */
export async function useMocks(): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
        const physical = args.inputs.bucketPrefix ? `${args.inputs.bucketPrefix}mock` : args.name;
        return {
          id: `${args.name}-id`,
          state: {
            ...args.inputs,
            arn: `arn:aws:mock:::${args.type}/${args.name}`,
            bucket: physical,
            name: args.inputs.name ?? physical,
          },
        };
      },
      call: (args) => {
        // The control-plane reads the program makes: which account and region a provider is in.
        if (args.token === 'aws:index/getRegion:getRegion') {
          return { region: 'eu-central-1', name: 'eu-central-1' };
        }
        if (args.token === 'aws:index/getCallerIdentity:getCallerIdentity') {
          return {
            accountId: '222222222222',
            arn: 'arn:aws:iam::222222222222:root',
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
