// `yimen decide`: the disposition of every service; or one person's decision; or a reviewed sheet back in.
import { Args, Flags } from '@oclif/core';
import { BaseCommand } from '../cli/base-command.js';
import { renderDecideSummary, renderImportReview, renderPersonDecision } from '../cli/format/decide.js';
import { renderClusters } from '../cli/format/listings.js';
import { ExitCode } from '../cli/exit-codes.js';
import { UsageError } from '../errors.js';
import { decideApps, importReviewed, listClusters, recordPersonDecision, type Cluster, type DecideSummary, type ImportReviewSummary } from '../decide/index.js';
import type { Decision } from '../schema/index.js';

export default class Decide extends BaseCommand {
  static description = [
    'decide migrate / merge / retire / review for every service (policy rules, then the matcher);',
    'or record a person\'s decision for one service; or take a reviewed spreadsheet back in',
  ].join(' ');
  static examples = [
    '<%= config.bin %> decide',
    '<%= config.bin %> decide --app wujiang',
    '<%= config.bin %> decide wujiang-3f2a9c1b7d4e --action merge --to 320000000001 --reason "same service as the provincial item"',
    '<%= config.bin %> decide wujiang-3f2a9c1b7d4e --action retire --reason "obsolete since 2024"',
    '<%= config.bin %> decide --import out/review.xlsx',
    '<%= config.bin %> decide --clusters   # the same service in several places: one decision each',
  ];
  static args = {
    service: Args.string({ description: 'a service id: record a person\'s decision for it' }),
  };
  static flags = {
    app: Flags.string({ description: 'only these apps (repeatable)', multiple: true }),
    action: Flags.string({ description: 'the decision for SERVICE', options: ['merge', 'migrate', 'retire', 'review'] }),
    to: Flags.string({ description: 'merge: the base catalog code (or the id of the service it duplicates)' }),
    reason: Flags.string({ description: 'why (recorded with the decision and the actor)' }),
    import: Flags.string({ description: 'a reviewed spreadsheet (from `yimen review --export`): apply the actions people filled in' }),
    clusters: Flags.boolean({ description: 'list the duplicate clusters of the last decide run (no re-deciding)' }),
  };

  async run(): Promise<DecideSummary | { decision: Decision; result: string } | ImportReviewSummary | { clusters: Cluster[] }> {
    const { args, flags } = await this.parse(Decide);
    const ws = await this.workspace(flags, { checkFiles: false });
    const store = this.store(ws);
    const actor = this.actor(flags);

    if (flags.clusters) {
      const clusters = listClusters(store, flags.app);
      this.log(renderClusters(clusters));
      return { clusters };
    }
    if (flags.import) {
      if (args.service || flags.action) throw new UsageError('--import takes no SERVICE or --action');
      const s = await importReviewed(ws, store, { actor, file: flags.import });
      this.log(renderImportReview(s));
      if (s.errors.length) process.exitCode = ExitCode.partial;
      return s;
    }
    if (args.service) {
      if (!flags.action) throw new UsageError('a decision for one service needs --action merge|migrate|retire|review and --reason TEXT');
      if (!flags.reason) throw new UsageError('a decision needs --reason TEXT', 'say why, for the people who read the log later');
      const r = recordPersonDecision(ws, store, {
        actor,
        serviceId: args.service,
        action: flags.action as 'merge',
        to: flags.to,
        reason: flags.reason,
      });
      this.log(renderPersonDecision(r, actor));
      return { decision: r.decision, result: r.result };
    }
    if (flags.action || flags.to || flags.reason) throw new UsageError('--action, --to and --reason need a SERVICE id', 'yimen decide SERVICE --action … --reason …');

    const s = await decideApps(ws, store, { actor, apps: flags.app });
    this.log(renderDecideSummary(s));
    return s;
  }
}
