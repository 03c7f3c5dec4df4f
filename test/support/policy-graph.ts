// The mocked resource graph as Pulumi policies see it, and a runner collecting violations.
import type {
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';
import type { RecordedResource } from './pulumi-mocks.ts';

/** A recorded resource as a policy's PolicyResource (props are the mock's state plus its id). */
export function asPolicyResource(resource: RecordedResource): PolicyResource {
  return {
    type: resource.type,
    name: resource.name,
    urn: `urn:pulumi:test::portfolio::${resource.type}::${resource.name}`,
    // A JSON copy: the graph can be broken in a test without touching the record (assets hold promises).
    props: { ...JSON.parse(JSON.stringify(resource.state)), id: resource.id },
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
}

/** Runs every policy over `resources` and returns what they reported. */
export async function violationsOf(
  policies: (ResourceValidationPolicy | StackValidationPolicy)[],
  resources: PolicyResource[],
): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const policy of policies) {
    const report = (message: string) => violations.push({ policy: policy.name, message });
    const notApplicable = (reason?: string) => {
      throw new Error(`${policy.name} is not applicable: ${reason}`);
    };
    if ('validateStack' in policy) {
      await policy.validateStack(
        {
          resources,
          stackTags: new Map(),
          getConfig: <T extends object>() => ({}) as T,
          notApplicable,
        },
        report,
      );
      continue;
    }
    const validations = [policy.validateResource ?? []].flat();
    for (const resource of resources) {
      const args = {
        type: resource.type,
        props: resource.props,
        urn: resource.urn,
        name: resource.name,
        opts: {},
        isType: () => false,
        asType: () => undefined,
        getConfig: <T extends object>() => ({}) as T,
        notApplicable,
      } as unknown as ResourceValidationArgs;
      for (const validate of validations) await validate(args, report);
    }
  }
  return violations;
}
