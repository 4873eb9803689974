// Redaction at the one door to the surfaces: every view a surface receives has its free text masked (redact.ts).
// Identifiers stay whole (chat refs, Convrs ids, command buttons such as `claim agent:<email>`), and so do staff
// identities (agents' and supervisors' names and e-mails): they are who the supervisor acts on, not customer data.
import type { SupervisorSurface } from './ports';
import type { Redact } from './redact';
import type {
  AlertView,
  ChartView,
  ChatCardView,
  FileView,
  HomeView,
  ListPageView,
  MessageLineView,
  ReplyView,
  SummaryView,
} from './views';

export function redactCard(r: Redact, c: ChatCardView): ChatCardView {
  return {
    ...c,
    customerName: r(c.customerName),
    csat: c.csat ? { ...c.csat, reason: c.csat.reason === null ? null : r(c.csat.reason) } : null,
  };
}

export function redactLine(r: Redact, l: MessageLineView): MessageLineView {
  return {
    ...l,
    // A customer's label carries their name (on WhatsApp often their number); staff labels stay.
    label: l.role === 'customer' ? r(l.label) : l.label,
    text: r(l.text),
    attachments: l.attachments.map((a) => ({ ...a, name: r(a.name) })),
  };
}

export function redactSummary(r: Redact, s: SummaryView): SummaryView {
  return { ...s, points: s.points.map((p) => ({ ...p, text: r(p.text) })) };
}

/** List cells are customer names, reasons and numbers, or (in `agents`) staff: staff e-mails there stay whole. */
function redactList(r: Redact, p: ListPageView): ListPageView {
  const keep = (cell: string) => /^[^\s@]+@[^\s@]+$/.test(cell);
  return { ...p, rows: p.rows.map((row) => ({ ...row, cells: row.cells.map((c) => (keep(c) ? c : r(c))) })) };
}

/** A chart's words (title, alt text, series names): its figures are aggregates. */
export function redactChart(r: Redact, c: ChartView): ChartView {
  const text = { title: r(c.title), alt: r(c.alt) };
  return c.kind === 'timeseries'
    ? { ...c, ...text, points: c.points.map((p) => ({ ...p, series: r(p.series) })) }
    : { ...c, ...text, points: c.points.map((p) => ({ ...p, series: r(p.series) })) };
}

export function redactHome(r: Redact, h: HomeView): HomeView {
  return {
    ...h,
    coverage: h.coverage
      ? { ...h.coverage, uncovered: h.coverage.uncovered.map((u) => ({ ...u, customerName: r(u.customerName) })) }
      : null,
    supervised: h.supervised.map((c) => redactCard(r, c)),
  };
}

export function redactReply(r: Redact, v: ReplyView): ReplyView {
  switch (v.type) {
    case 'list':
      return {
        ...v,
        page: redactList(r, v.page),
        ...(v.sections ? { sections: v.sections.map((s) => redactList(r, s)) } : {}),
        ...(v.chart ? { chart: redactChart(r, v.chart) } : {}),
      };
    case 'card':
      return { ...v, card: redactCard(r, v.card) };
    case 'summary':
      return { ...v, summary: redactSummary(r, v.summary) };
    case 'home':
      return { ...v, home: redactHome(r, v.home) };
    case 'whisper-draft':
      // A model may echo the customer's details: the supervisor sees, edits and sends the masked text.
      return { ...v, draft: { ...v.draft, text: r(v.draft.text), reason: r(v.draft.reason) } };
    default:
      return v;
  }
}

export function redactAlert(r: Redact, a: AlertView): AlertView {
  if (a.kind === 'orphaned') return { ...a, chats: a.chats.map((c) => ({ ...c, customerName: r(c.customerName) })) };
  return { ...a, text: r(a.text), ...(a.summary ? { summary: redactSummary(r, a.summary) } : {}) };
}

/** CSV exports and reports: all their text, except an e-mail that is a whole cell (the agent_email column: staff). */
export function redactFile(r: Redact, f: FileView): FileView {
  if (typeof f.content !== 'string') return f; // a rendered chart: its figures hold no personal data
  const kept: string[] = [];
  const held = f.content.replace(/(?<=^|,)[^\s,"@]+@[^\s,"@]+(?=,|\r?$)/gm, (m) => `\u0000${kept.push(m) - 1}\u0000`);
  return { ...f, content: r(held).replace(/\u0000(\d+)\u0000/g, (_, i: string) => kept[Number(i)]!) };
}

/** The surface with every outgoing view redacted; everything else passes through to it. */
export function redactingSurface(inner: SupervisorSurface, r: Redact): SupervisorSurface {
  return {
    get name() {
      return inner.name;
    },
    get maxLinesPerPost() {
      return inner.maxLinesPerPost;
    },
    postBudget: (d) => inner.postBudget(d),
    openPersonalDestination: (u) => inner.openPersonalDestination(u),
    startThread: (t, card) => inner.startThread(t, redactCard(r, card)),
    updateCard: (t, card) => inner.updateCard(t, redactCard(r, card)),
    postLines: (t, lines, key) =>
      inner.postLines(
        t,
        lines.map((l) => redactLine(r, l)),
        key,
      ),
    findPost: (t, key) => inner.findPost(t, key),
    reply: (to, view) => inner.reply(to, redactReply(r, view)),
    deliverFile: (to, file) => inner.deliverFile(to, redactFile(r, file)),
    acknowledgeWhisper: (to, result) => inner.acknowledgeWhisper(to, result),
    postAlert: (d, a) => inner.postAlert(d, redactAlert(r, a)),
    updateAlert: (d, id, a) => inner.updateAlert(d, id, redactAlert(r, a)),
    emailOf: (u, c) => inner.emailOf(u, c),
    ...(inner.linkToPost ? { linkToPost: (t, id) => inner.linkToPost!(t, id) } : {}),
  };
}
