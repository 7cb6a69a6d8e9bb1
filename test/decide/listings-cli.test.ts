// The listings and `run --detailed-exitcode` as a user runs them (the built CLI): the --json shapes
// docs/listings.md documents, and exit 5 when work remains for people.
import { describe, it, expect, beforeAll } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { yimen, tempDir } from '../helpers/cli.js';
import { writeWorkspace } from '../fixtures/matching/workspace.js';

let dir: string;

beforeAll(() => {
  dir = tempDir('yimen-listings-cli-');
  writeWorkspace(dir, 'policy: { lowUsageMonthlyVisits: 30, lowUsageAction: retire }');
  // both apps read this export: 公积金提取 (租房 or 购房) waits for a person
  writeFileSync(join(dir, 'exports', 'a.csv'), '编号,事项名称\n1,社会保险参保登记\n2,公积金提取\n3,干部每日签到\n');
});

describe('listings and run --detailed-exitcode', () => {
  it('prints what is left for people and exits 5 only with the flag', () => {
    let r = yimen(['run', '--no-publish'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/left for people: 2 in review .*, 0 quarantined .*, 0 invalid services/);
    r = yimen(['run', '--no-publish', '--detailed-exitcode', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(5);
    expect(JSON.parse(r.stdout).pending).toEqual({ review: 2, quarantined: 0, invalid: 0 });

    r = yimen(['decisions', 'list', '--disposition', 'review', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const decisions = JSON.parse(r.stdout).decisions;
    expect(decisions.map((d: { appId: string; name: string }) => `${d.appId}/${d.name}`)).toEqual(['alpha/公积金提取', 'beta/公积金提取']);
    expect(decisions[0]).toMatchObject({ action: 'review', decidedBy: 'matcher', reason: expect.stringMatching(/^待审核：/) });

    r = yimen(['services', 'list', '--app', 'alpha', '--reason', '形式主义', '--json'], { cwd: dir });
    expect(JSON.parse(r.stdout).services).toEqual([expect.objectContaining({ appId: 'alpha', sourceKey: '3', name: '干部每日签到', disposition: 'retire', errors: 0 })]);

    r = yimen(['aliases', 'list'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('no aliases');
  }, 180_000);
});
