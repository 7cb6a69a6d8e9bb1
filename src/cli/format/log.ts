// Renders `yimen log`: who did what, when (in Asia/Shanghai time).
import type { EventRow } from '../../store/store.js';
import { renderTable } from './table.js';
import { shanghaiTime } from '../../time/index.js';

export function renderEvents(events: EventRow[]): string {
  if (!events.length) return 'the event log is empty: nothing has run in this workspace yet';
  return renderTable(
    ['time (Asia/Shanghai)', 'actor', 'action', 'entity', 'summary'],
    events.map((e) => [shanghaiTime(e.at), e.actor, e.action, e.entity, e.summary]),
  );
}
