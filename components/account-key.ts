// The KMS key an account component makes for what it encrypts with a key of its own (the
// alarm topic), written once.
import * as aws from '@pulumi/aws';
import * as pulumi from '@pulumi/pulumi';

/**
 * A KMS key of the account `opts` deploys to, rotated yearly, administered by that account,
 * and usable as `grants` say (key policy statements with their principals).
 */
export function accountKey(
  name: string,
  description: string,
  grants: Record<string, unknown>[],
  opts: pulumi.CustomResourceOptions,
): aws.kms.Key {
  const account = aws.getCallerIdentityOutput({}, opts);
  return new aws.kms.Key(
    name,
    {
      description,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: pulumi.jsonStringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AccountAdministers',
            Effect: 'Allow',
            Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account.accountId}:root` },
            Action: 'kms:*',
            Resource: '*',
          },
          ...grants,
        ],
      }),
    },
    opts,
  );
}
