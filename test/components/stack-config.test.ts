import { readFileSync } from 'node:fs';
import type * as pulumi from '@pulumi/pulumi';
import { expect } from 'chai';
import { parse } from 'yaml';
import {
  readStackConfig,
  StackConfigError,
  stackConfigSchema,
} from '../../components/stack-config.ts';

/** A stand-in for pulumi.Config over a map of raw values, as the CLI hands them over. */
const configOf = (values: Record<string, string>) =>
  ({ name: 'portfolio', get: (key: string) => values[key] }) as unknown as pulumi.Config;

const ROLE = 'arn:aws:iam::111111111111:role/deployer';

describe('Stack configuration', () => {
  it('applies the defaults and parses numbers, booleans and lists', () => {
    const config = readStackConfig(
      configOf({
        logArchiveRoleArn: ROLE,
        scraperCpu: '2048',
        deletionProtection: 'false',
        scraperSubnetIds: '["subnet-0a1"]',
        scraperSecurityGroupIds: '["sg-0b2"]',
      }),
    );
    expect(config).to.deep.include({
      namePrefix: 'portfolio',
      backupRetentionDays: 30,
      sharpArchitecture: 'x86_64',
      apiArchitecture: 'arm64',
      scraperCpu: 2048,
      deletionProtection: false,
      scraperSubnetIds: ['subnet-0a1'],
    });
  });

  it('names every missing or malformed key at once', () => {
    expect(() =>
      readStackConfig(
        configOf({
          sharpArchitecture: 'sparc',
          scraperCpu: '3000',
          domain: 'tattoo.example',
          scraperSubnetIds: '["subnet-1"]',
        }),
      ),
    )
      .to.throw(StackConfigError)
      .with.property('message')
      .that.satisfies((message: string) =>
        [
          'portfolio:logArchiveRoleArn',
          'portfolio:sharpArchitecture',
          'portfolio:scraperCpu',
          'portfolio:certificateArn',
          'portfolio:scraperSecurityGroupIds',
        ].every((key) => message.includes(key)),
      );
  });

  it('declares in Pulumi.yaml exactly the keys and defaults the schema has', () => {
    const project = parse(readFileSync('Pulumi.yaml', 'utf8')) as {
      config: Record<string, { default?: unknown }>;
      runtime: { name: string };
      main: string;
    };
    expect(project.runtime.name).to.equal('nodejs');
    expect(project.main).to.equal('index.ts');
    expect(Object.keys(project.config).sort()).to.deep.equal(
      Object.keys(stackConfigSchema.shape).sort(),
    );
    const defaults = stackConfigSchema.parse({ logArchiveRoleArn: ROLE });
    for (const [key, declared] of Object.entries(project.config)) {
      if (!('default' in declared)) continue;
      expect(declared.default, key).to.deep.equal(defaults[key as keyof typeof defaults]);
    }
  });

  it('keeps Pulumi.prod.yaml a complete, valid stack with no secret in plain text', () => {
    const stack = parse(readFileSync('Pulumi.prod.yaml', 'utf8')) as {
      config: Record<string, unknown>;
    };
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries(stack.config)) {
      expect(value, key).not.to.have.property('secure');
      // A key about a secret may only name where the secret lives (an SSM parameter).
      if (/token|secret|password/i.test(key)) expect(value, key).to.match(/^\/[\w./-]+$/);
      if (key.startsWith('portfolio:')) {
        values[key.slice('portfolio:'.length)] =
          typeof value === 'string' ? value : JSON.stringify(value);
      }
    }
    expect(stack.config['aws:region']).to.be.a('string');
    const config = readStackConfig(configOf(values));
    expect(config.domain).not.to.equal('');
    expect(config.backupRegion).not.to.equal(stack.config['aws:region']);
  });
});
