// What an update of the deployed stack would see: every resource the program registers is
// matched, by its URN or by an alias, to one the stack already holds (the URNs of the program as
// last deployed, test/fixtures/program-urns.json), and every one the stack holds is still there.
// A renamed component that forgot its alias would be a delete and a create here (and in AWS a
// replaced distribution, table or bucket). When resources are added or removed on purpose, write
// the file again: UPDATE_PROGRAM_URNS=1 npx mocha test/program/urns.test.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { runProgram } from '../support/program-run.ts';
import { type Registration, registrations, urnsOf } from '../support/pulumi-mocks.ts';

const URNS_FILE = join(import.meta.dirname, '..', 'fixtures', 'program-urns.json');

describe('The program against the stack as deployed (URNs and aliases, under mocks)', function () {
  this.timeout(180_000);
  let registered: Registration[];

  before(async () => {
    await runProgram();
    registered = [...registrations];
    if (process.env.UPDATE_PROGRAM_URNS === '1')
      writeFileSync(URNS_FILE, `${JSON.stringify(registered.map((r) => r.urn).sort(), null, 2)}\n`);
  });

  it('matches every resource it registers to one the stack holds, by URN or alias', () => {
    const deployed = new Set(JSON.parse(readFileSync(URNS_FILE, 'utf8')) as string[]);
    const unmatched = registered
      .filter((r) => !urnsOf(r, registered).some((urn) => deployed.has(urn)))
      .map((r) => r.urn);
    expect(unmatched, 'would be created').to.deep.equal([]);
  });

  it('keeps every resource the stack holds', () => {
    const deployed = JSON.parse(readFileSync(URNS_FILE, 'utf8')) as string[];
    const matched = new Set(registered.flatMap((r) => urnsOf(r, registered)));
    expect(
      deployed.filter((urn) => !matched.has(urn)),
      'would be deleted',
    ).to.deep.equal([]);
    expect(deployed.length).to.be.at.least(100);
  });
});
