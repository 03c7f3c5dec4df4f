// The policy pack: `pulumi preview --policy-pack policy`. Kept apart from the rules because
// constructing a PolicyPack starts its gRPC server.
import { PolicyPack } from '@pulumi/policy';
import { POLICIES } from './rules.ts';

new PolicyPack('portfolio-guardrails', { policies: POLICIES });
