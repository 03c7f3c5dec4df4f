// What every account component checks first: it was given the provider of its account, so no
// resource of it can land wherever the default provider points.
import type * as pulumi from '@pulumi/pulumi';

/**
 * @throws {Error} without `opts.provider`, naming the component and the account it needs.
 */
export function requireAccountProvider(
  component: string,
  account: string,
  opts: pulumi.ComponentResourceOptions,
): void {
  if (!opts.provider) {
    throw new Error(
      `${component} needs opts.provider (${account}): without it its resources would land ` +
        'wherever the default provider points',
    );
  }
}
