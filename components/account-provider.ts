// What every account component is: a component that must be given the provider of its account,
// so no resource of it can land wherever the default provider points.
import * as pulumi from '@pulumi/pulumi';

export abstract class AccountComponent extends pulumi.ComponentResource {
  /**
   * @param type `portfolio:accounts:<Name>`; the error names `<Name>`.
   * @param account the account, as the error says it ("the log archive account, …").
   * @throws {Error} without `opts.provider`.
   */
  constructor(type: string, name: string, account: string, opts: pulumi.ComponentResourceOptions) {
    if (!opts.provider) {
      throw new Error(
        `${type.split(':').at(-1)} needs opts.provider (${account}): without it its resources ` +
          'would land wherever the default provider points',
      );
    }
    super(type, name, {}, opts);
  }
}
