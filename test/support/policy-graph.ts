// The mocked resource graph as Pulumi policies see it, and a runner collecting violations. As
// in `pulumi preview`, a value not known yet reaches a policy as Pulumi's unknown sentinel, and
// a policy that reads one is not run for that resource (an advisory), rather than failing.

import {
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
  UnknownValueError,
  unknownCheckingProxy,
} from '@pulumi/policy';
import * as pulumi from '@pulumi/pulumi';
import type { RecordedResource } from './pulumi-mocks.ts';

/** How the engine hands an unknown value to a policy pack. */
const toSentinels = (_key: string, value: unknown) =>
  pulumi.isUnknown(value) ? pulumi.runtime.unknownValue : value;

/** A recorded resource as a policy's PolicyResource (props are the mock's state plus its id). */
export function asPolicyResource(resource: RecordedResource): PolicyResource {
  return {
    type: resource.type,
    name: resource.name,
    urn: `urn:pulumi:test::portfolio::${resource.type}::${resource.name}`,
    // A JSON copy: the graph can be broken in a test without touching the record (assets hold promises).
    props: {
      ...JSON.parse(JSON.stringify(resource.state, toSentinels)),
      id: resource.id || pulumi.runtime.unknownValue,
    },
    opts: {} as PolicyResource['opts'],
    dependencies: [],
    propertyDependencies: {},
    isType: () => false,
    asType: () => undefined,
  } as PolicyResource;
}

export interface Violation {
  policy: string;
  message: string;
  /** A policy that read a value not known yet: it could not run (preview only). */
  unknown?: true;
}

/** Runs every policy over `resources` and returns what they reported. */
export async function violationsOf(
  policies: (ResourceValidationPolicy | StackValidationPolicy)[],
  resources: PolicyResource[],
): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const policy of policies) {
    const report = (message: string) => violations.push({ policy: policy.name, message });
    /** Runs one validation as the engine does: an unknown read is an advisory, not a crash. */
    const validating = async (validation: () => Promise<void> | void) => {
      try {
        await validation();
      } catch (error) {
        if (!(error instanceof UnknownValueError)) throw error;
        violations.push({ policy: policy.name, message: (error as Error).message, unknown: true });
      }
    };
    const notApplicable = (reason?: string) => {
      throw new Error(`${policy.name} is not applicable: ${reason}`);
    };
    if ('validateStack' in policy) {
      await validating(() =>
        policy.validateStack(
          {
            resources: resources.map((resource) => ({
              ...resource,
              props: unknownCheckingProxy(resource.props),
            })),
            stackTags: new Map(),
            getConfig: <T extends object>() => ({}) as T,
            notApplicable,
          },
          report,
        ),
      );
      continue;
    }
    const validations = [policy.validateResource ?? []].flat();
    for (const resource of resources) {
      const args = {
        type: resource.type,
        props: unknownCheckingProxy(resource.props),
        urn: resource.urn,
        name: resource.name,
        opts: {},
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => ({}) as T,
        notApplicable,
      } as unknown as ResourceValidationArgs;
      for (const validate of validations) await validating(() => validate(args, report));
    }
  }
  return violations;
}
