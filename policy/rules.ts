// The rules every stack of this program must keep, as Pulumi policies. They run in
// `pulumi preview --policy-pack policy` / `pulumi up --policy-pack policy`, and in `npm test`
// against the program's resource graph under mocks, so a violation fails CI first.
// Rules about one resource are resource policies: they run before the resource is created, and
// a mandatory violation stops the update. Rules about how resources relate (a bucket and its
// public access block) are stack policies: Pulumi runs them once the plan's values are known,
// and during a preview a value not known yet makes such a rule advisory for that run.
// @pulumi/awsguard is not used: its last release is built on @pulumi/aws 4 and aws-sdk 2, and
// its bucket rules predate the split S3 resources (BucketPublicAccessBlock, ...) used here.
import type {
  PolicyResource,
  ReportViolation,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from '@pulumi/policy';

const TYPES = {
  bucket: 'aws:s3/bucket:Bucket',
  publicAccessBlock: 'aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock',
  encryption:
    'aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration',
  bucketPolicy: 'aws:s3/bucketPolicy:BucketPolicy',
  bucketAcl: 'aws:s3/bucketAcl:BucketAcl',
  versioning: 'aws:s3/bucketVersioning:BucketVersioning',
  objectLock: 'aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration',
  lifecycle: 'aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration',
  table: 'aws:dynamodb/table:Table',
  queue: 'aws:sqs/queue:Queue',
  topic: 'aws:sns/topic:Topic',
  lambda: 'aws:lambda/function:Function',
  functionUrl: 'aws:lambda/functionUrl:FunctionUrl',
  logGroup: 'aws:cloudwatch/logGroup:LogGroup',
  distribution: 'aws:cloudfront/distribution:Distribution',
  originAccessIdentity: 'aws:cloudfront/originAccessIdentity:OriginAccessIdentity',
} as const;

const IAM_POLICY_TYPES = new Set([
  'aws:iam/rolePolicy:RolePolicy',
  'aws:iam/policy:Policy',
  'aws:iam/userPolicy:UserPolicy',
  'aws:iam/groupPolicy:GroupPolicy',
]);

interface Statement {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  Action?: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const ofType = (resources: PolicyResource[], type: string) =>
  resources.filter((resource) => resource.type === type);

/**
 * Whether `resource.props[property]` refers to `target`: through Pulumi's recorded dependency
 * when there is one (known during preview), else by the target's id or name.
 */
function refersTo(resource: PolicyResource, property: string, target: PolicyResource): boolean {
  if (resource.propertyDependencies?.[property]?.some((d) => d.urn === target.urn)) return true;
  const value = resource.props[property];
  return (
    value !== undefined &&
    [target.props.id, target.props.bucket, target.props.name].filter(Boolean).includes(value)
  );
}

/** The statements of a policy document given as JSON text or an object; [] when unknown. */
function statements(document: unknown): Statement[] {
  let parsed = document;
  if (typeof document === 'string') {
    try {
      parsed = JSON.parse(document);
    } catch {
      return [];
    }
  }
  const list = (parsed as { Statement?: Statement | Statement[] } | undefined)?.Statement;
  return list === undefined ? [] : Array.isArray(list) ? list : [list];
}

const asList = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

const isAnyone = (principal: unknown) =>
  principal === '*' || (principal as { AWS?: unknown } | undefined)?.AWS === '*';

/** What a rule about one resource reads of it. */
type OneResource = Pick<PolicyResource, 'type' | 'name' | 'urn' | 'props'>;

/** A mandatory resource policy checking the resources of `types` one at a time. */
function perResource(
  name: string,
  description: string,
  types: readonly string[],
  check: (resource: OneResource, report: ReportViolation) => void,
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel: 'mandatory',
    validateResource: (args, report) => {
      if (types.includes(args.type)) check(args, report);
    },
  };
}

export const noPublicBuckets: StackValidationPolicy = {
  name: 'no-public-buckets',
  description: 'Every bucket blocks all public access and grants nothing to anyone.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report: ReportViolation) => {
    for (const bucket of ofType(resources, TYPES.bucket)) {
      if (bucket.props.acl && bucket.props.acl !== 'private') {
        report(`Bucket ${bucket.name} has the ACL ${bucket.props.acl}`, bucket.urn);
      }
      const block = ofType(resources, TYPES.publicAccessBlock).find((b) =>
        refersTo(b, 'bucket', bucket),
      );
      const flags = [
        'blockPublicAcls',
        'blockPublicPolicy',
        'ignorePublicAcls',
        'restrictPublicBuckets',
      ];
      const open = flags.filter((flag) => block?.props[flag] !== true);
      if (open.length > 0) {
        report(
          `Bucket ${bucket.name} does not block public access (${block ? open.join(', ') : 'no BucketPublicAccessBlock'})`,
          bucket.urn,
        );
      }
    }
    for (const policy of ofType(resources, TYPES.bucketPolicy)) {
      for (const statement of statements(policy.props.policy)) {
        if (statement.Effect === 'Allow' && isAnyone(statement.Principal)) {
          report(
            `Bucket policy ${policy.name} allows anyone (${statement.Sid ?? 'statement'})`,
            policy.urn,
          );
        }
      }
    }
    for (const acl of ofType(resources, TYPES.bucketAcl)) {
      if (acl.props.acl && acl.props.acl !== 'private') {
        report(`Bucket ACL ${acl.name} is ${acl.props.acl}`, acl.urn);
      }
    }
  },
};

export const bucketsEncrypted: StackValidationPolicy = {
  name: 'buckets-encrypted',
  description: 'Every bucket has default encryption.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const bucket of ofType(resources, TYPES.bucket)) {
      const encryption = ofType(resources, TYPES.encryption).find((e) =>
        refersTo(e, 'bucket', bucket),
      );
      if (!encryption?.props.rules?.[0]?.applyServerSideEncryptionByDefault?.sseAlgorithm) {
        report(`Bucket ${bucket.name} has no default encryption`, bucket.urn);
      }
    }
  },
};

export const encryptionEverywhere = perResource(
  'encryption-everywhere',
  'The table, queues and topics are encrypted at rest.',
  [TYPES.table, TYPES.queue, TYPES.topic],
  (resource, report) => {
    const { props } = resource;
    const encrypted =
      resource.type === TYPES.table
        ? props.serverSideEncryption?.enabled === true
        : resource.type === TYPES.queue
          ? props.sqsManagedSseEnabled === true || Boolean(props.kmsMasterKeyId)
          : Boolean(props.kmsMasterKeyId);
    if (!encrypted) report(`${resource.name} is not encrypted at rest`, resource.urn);
  },
);

export const tlsOnlyBuckets: StackValidationPolicy = {
  name: 'tls-only-buckets',
  description: "Every bucket's policy denies requests made without TLS.",
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const bucket of ofType(resources, TYPES.bucket)) {
      const denies = ofType(resources, TYPES.bucketPolicy)
        .filter((p) => refersTo(p, 'bucket', bucket))
        .flatMap((p) => statements(p.props.policy))
        .some(
          (s) =>
            s.Effect === 'Deny' &&
            isAnyone(s.Principal) &&
            asList(s.Action).includes('s3:*') &&
            String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false',
        );
      if (!denies) report(`Bucket ${bucket.name} accepts requests without TLS`, bucket.urn);
    }
  },
};

export const immutableBackup: StackValidationPolicy = {
  name: 'immutable-backup',
  description:
    'The backup bucket exists, is versioned, has Object Lock in compliance mode with a retention, is encrypted by S3 (no customer key anyone could disable), has a policy that forbids changing its policy, lifecycle and lock, and a lifecycle that expires hidden versions (a takedown ends).',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    const backups = ofType(resources, TYPES.bucket).filter(
      (bucket) => bucket.props.objectLockEnabled === true || /backup/.test(bucket.name),
    );
    if (backups.length === 0) report('The stack has no backup bucket');
    for (const bucket of backups) {
      if (bucket.props.objectLockEnabled !== true) {
        report(`Backup bucket ${bucket.name} was made without Object Lock`, bucket.urn);
      }
      const versioning = ofType(resources, TYPES.versioning).find((v) =>
        refersTo(v, 'bucket', bucket),
      );
      if (versioning?.props.versioningConfiguration?.status !== 'Enabled') {
        report(`Backup bucket ${bucket.name} is not versioned`, bucket.urn);
      }
      const lock = ofType(resources, TYPES.objectLock).find((l) => refersTo(l, 'bucket', bucket));
      const retention = lock?.props.rule?.defaultRetention;
      if (retention?.mode !== 'COMPLIANCE' || !(retention.days > 0 || retention.years > 0)) {
        report(
          `Backup bucket ${bucket.name} has no compliance-mode retention (found ${retention?.mode ?? 'none'})`,
          bucket.urn,
        );
      }
      const encryption = ofType(resources, TYPES.encryption).find((e) =>
        refersTo(e, 'bucket', bucket),
      );
      const algorithms = (encryption?.props.rules ?? []).map(
        (rule: { applyServerSideEncryptionByDefault?: { sseAlgorithm?: string } }) =>
          rule.applyServerSideEncryptionByDefault?.sseAlgorithm,
      );
      if (algorithms.length === 0 || algorithms.some((a: string | undefined) => a !== 'AES256')) {
        report(
          `Backup bucket ${bucket.name} is not encrypted by S3 alone (${algorithms.join(', ') || 'none'}): disabling a customer key would make every locked copy unreadable`,
          bucket.urn,
        );
      }
      const policy = ofType(resources, TYPES.bucketPolicy).find((p) =>
        refersTo(p, 'bucket', bucket),
      );
      const denied = statements(policy?.props.policy)
        .filter((statement) => statement.Effect === 'Deny' && isAnyone(statement.Principal))
        .flatMap((statement) => asList(statement.Action));
      for (const action of [
        's3:PutBucketPolicy',
        's3:DeleteBucketPolicy',
        's3:PutLifecycleConfiguration',
        's3:PutBucketObjectLockConfiguration',
      ]) {
        if (!denied.includes(action))
          report(`Backup bucket ${bucket.name}'s policy does not deny ${action}`, bucket.urn);
      }
      const lifecycle = ofType(resources, TYPES.lifecycle).find((l) =>
        refersTo(l, 'bucket', bucket),
      );
      const expires = (lifecycle?.props.rules ?? []).some(
        (rule: { status?: string; noncurrentVersionExpiration?: { noncurrentDays?: number } }) =>
          rule.status === 'Enabled' && (rule.noncurrentVersionExpiration?.noncurrentDays ?? 0) > 0,
      );
      if (!expires) {
        report(
          `Backup bucket ${bucket.name} never expires the versions a takedown hides: its retention is promised, not applied`,
          bucket.urn,
        );
      }
    }
  },
};

export const noWildcardIam = perResource(
  'no-wildcard-iam',
  'No IAM statement allows every action of a service (or all) on every resource.',
  [...IAM_POLICY_TYPES, 'aws:iam/role:Role'],
  (resource, report) => {
    const documents =
      resource.type === 'aws:iam/role:Role'
        ? (resource.props.inlinePolicies ?? []).map((inline: { policy?: unknown }) => inline.policy)
        : [resource.props.policy];
    for (const statement of documents.flatMap(statements)) {
      const wildAction = asList(statement.Action).find((a) => a === '*' || a.endsWith(':*'));
      if (statement.Effect === 'Allow' && wildAction && asList(statement.Resource).includes('*')) {
        report(
          `${resource.name} allows ${wildAction} on * (${statement.Sid ?? 'statement'})`,
          resource.urn,
        );
      }
    }
  },
);

/**
 * Services whose trust needs no source condition: Lambda does not set aws:SourceAccount or
 * aws:SourceArn when it assumes a function's execution role.
 */
const UNSCOPED_TRUST_SERVICES = new Set(['lambda.amazonaws.com']);
const SOURCE_KEYS = ['aws:SourceAccount', 'aws:SourceArn', 'aws:SourceOrgID'];

/** Whether a statement's Condition names one of `keys`, under any operator. */
const conditions = (statement: Statement, keys: string[]) =>
  Object.values(statement.Condition ?? {}).some((operator) =>
    Object.keys(operator ?? {}).some((key) => keys.includes(key)),
  );

export const scopedTrust = perResource(
  'scoped-trust',
  "A role a service assumes, and a key a service uses, is limited to this account's resources (aws:SourceAccount or aws:SourceArn), and iam:PassRole names the service it passes to.",
  ['aws:iam/role:Role', 'aws:kms/key:Key', ...IAM_POLICY_TYPES],
  (resource, report) => {
    if (resource.type === 'aws:iam/role:Role' || resource.type === 'aws:kms/key:Key') {
      const document =
        resource.type === 'aws:iam/role:Role'
          ? resource.props.assumeRolePolicy
          : resource.props.policy;
      for (const statement of statements(document)) {
        const services = asList(
          (statement.Principal as { Service?: string | string[] } | undefined)?.Service,
        ).filter((service) => !UNSCOPED_TRUST_SERVICES.has(service));
        if (
          statement.Effect === 'Allow' &&
          services.length > 0 &&
          !conditions(statement, SOURCE_KEYS)
        ) {
          report(
            `${resource.name} lets ${services.join(', ')} act without aws:SourceAccount or aws:SourceArn (${statement.Sid ?? 'statement'})`,
            resource.urn,
          );
        }
      }
      return;
    }
    for (const statement of statements(resource.props.policy)) {
      const passes = asList(statement.Action).some((action) => /^iam:(PassRole|\*)$/.test(action));
      if (
        statement.Effect === 'Allow' &&
        passes &&
        !conditions(statement, ['iam:PassedToService'])
      ) {
        report(
          `${resource.name} allows iam:PassRole without iam:PassedToService (${statement.Sid ?? 'statement'})`,
          resource.urn,
        );
      }
    }
  },
);

export const lambdaArchitecture = perResource(
  'lambda-architecture',
  'Every Lambda names its architecture.',
  [TYPES.lambda],
  (fn, report) => {
    const architectures: unknown[] = fn.props.architectures ?? [];
    if (architectures.length !== 1 || !['x86_64', 'arm64'].includes(String(architectures[0]))) {
      report(`Function ${fn.name} does not name its architecture`, fn.urn);
    }
  },
);

export const lambdaLogRetention: StackValidationPolicy = {
  name: 'lambda-log-retention',
  description: 'Every Lambda logs to a group of its own with a retention.',
  enforcementLevel: 'mandatory',
  validateStack: ({ resources }, report) => {
    for (const fn of ofType(resources, TYPES.lambda)) {
      const group = fn.props.loggingConfig?.logGroup;
      const logGroup = ofType(resources, TYPES.logGroup).find(
        (g) => group !== undefined && (g.props.name === group || g.name === group),
      );
      if (!group || !(logGroup?.props.retentionInDays > 0)) {
        report(
          `Function ${fn.name} logs to ${group ? `${group}, which has no retention` : 'no group of its own'}`,
          fn.urn,
        );
      }
    }
  },
};

export const functionUrlsNeedIam = perResource(
  'function-urls-need-iam',
  'No Lambda Function URL can be called without IAM authentication.',
  [TYPES.functionUrl],
  (url, report) => {
    if (url.props.authorizationType !== 'AWS_IAM') {
      report(`Function URL ${url.name} is public (${url.props.authorizationType})`, url.urn);
    }
  },
);

export const cloudFrontTlsAndOac = perResource(
  'cloudfront-tls-and-oac',
  'Distributions require TLS 1.2 or later and reach buckets and Function URLs through OAC, never a legacy OAI.',
  [TYPES.distribution, TYPES.originAccessIdentity],
  (resource, report) => {
    if (resource.type === TYPES.originAccessIdentity) {
      report(`${resource.name} is a legacy Origin Access Identity; use OAC`, resource.urn);
      return;
    }
    const certificate = resource.props.viewerCertificate ?? {};
    if (certificate.cloudfrontDefaultCertificate === true) {
      report(
        `Distribution ${resource.name} uses the default certificate, which allows TLS 1.0: give it a domain and certificate`,
        resource.urn,
      );
    } else if (!String(certificate.minimumProtocolVersion ?? '').startsWith('TLSv1.2')) {
      report(
        `Distribution ${resource.name} allows ${certificate.minimumProtocolVersion ?? 'any TLS version'}`,
        resource.urn,
      );
    }
    for (const origin of resource.props.origins ?? []) {
      if (origin.s3OriginConfig?.originAccessIdentity) {
        report(`Origin ${origin.originId} uses a legacy Origin Access Identity`, resource.urn);
      }
      // Origins are known by id: the bucket and Function URL origins must carry an OAC.
      const domain = String(origin.domainName ?? '');
      const needsOac =
        ['site', 'images-bucket', 'images-resize'].includes(origin.originId) ||
        /\.s3\.[a-z0-9-]*\.?amazonaws\.com$/.test(domain) ||
        domain.includes('.lambda-url.');
      if (needsOac && !origin.originAccessControlId) {
        report(`Origin ${origin.originId} has no Origin Access Control`, resource.urn);
      }
    }
  },
);

/** Every rule of the pack. */
export const POLICIES: (ResourceValidationPolicy | StackValidationPolicy)[] = [
  noPublicBuckets,
  bucketsEncrypted,
  encryptionEverywhere,
  tlsOnlyBuckets,
  immutableBackup,
  noWildcardIam,
  scopedTrust,
  lambdaArchitecture,
  lambdaLogRetention,
  functionUrlsNeedIam,
  cloudFrontTlsAndOac,
];
