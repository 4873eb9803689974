// Terminal rendering of `home`: what needs the supervisor now (coverage first), the supervised chats, the watched units.
import { coverageEmptyText, coverageTitle } from '../../src/core/coverage-text';
import type { HomeView } from '../../src/core/views';
import { renderTable } from './render-list';
import { PLAIN, paint, type RenderOptions } from './render-style';

const indent = (s: string) => s.replace(/^/gm, '  ');

function coverageLines(h: HomeView, o: RenderOptions): string[] {
  const v = h.coverage;
  if (!v) return h.coverageNote ? [h.coverageNote] : [];
  const out = [coverageTitle(v)];
  if (!v.uncovered.length) return [...out, coverageEmptyText(v)];
  // One line per chat, reasons in full (a table would cut them): the riskiest first, as the core ranked them.
  for (const r of v.uncovered) {
    const who = [r.customerName, r.businessUnit, r.agentName ?? '(queue)'].join(' · ');
    out.push(
      `  ${paint(o, 'bold', r.ref)}  ${who} — ${paint(o, 'yellow', r.reasons.join(', '))}  ${paint(o, 'cyan', `→ supervise ${r.ref}`)}`,
    );
  }
  const more = v.total - v.covered - v.uncovered.length;
  if (more > 0) out.push(paint(o, 'dim', `…and ${more} more: type \`coverage\``));
  return out;
}

export function renderHome(h: HomeView, o: RenderOptions = PLAIN): string {
  const out: string[] = [];
  if (h.unmapped) out.push(paint(o, 'yellow', `⚠️ ${h.unmapped}`));
  if (h.coverage || h.coverageNote) out.push(paint(o, 'bold', 'What needs you now'), ...coverageLines(h, o));
  out.push(paint(o, 'bold', 'My Supervised Chats'));
  if (!h.supervised.length) {
    out.push(
      h.coverageNote
        ? '  You are not supervising any chat. Type `supervise <chat>` with a chat from an alert or from `agents`.'
        : '  You are not supervising any chat. Type `coverage` or `open` to find one.',
    );
  } else {
    const rows = h.supervised.map((c) => [
      c.ref,
      c.customerName,
      c.businessUnit,
      c.agent ? `${c.agent.name}${c.agent.status ? ` (${c.agent.status})` : ''}` : '(queue)',
      c.inactive ? `${c.state}, inactive` : c.state,
      paint(o, 'cyan', `→ unsupervise ${c.ref}`),
    ]);
    out.push(indent(renderTable(['Chat', 'Customer', 'BU', 'Agent', 'State', ''], rows, o)));
  }
  out.push(paint(o, 'bold', 'Watched business units'));
  out.push(
    h.watches.length
      ? h.watches
          .map(
            (w) =>
              `  ${w.businessUnit}${w.destination === 'tty' ? ' (its wall is on this screen)' : ` in ${w.destination}`}`,
          )
          .join('\n')
      : '  No business unit is watched. With "Supervise Open Chats", `watch bu:<name>` mirrors one here.',
  );
  return out.join('\n');
}
