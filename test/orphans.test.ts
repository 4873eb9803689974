// Orphaned chats end to end on the terminal: an agent going Offline (at once) or Away (past ORPHAN_AFTER_MINUTES) with
// open chats alerts the unit's wall once within the cooldown; `claim agent:` and `transfer-all` with every check, the
// audit and the alert's copies kept true; bad input answered in one sentence with nothing sent to Convrs; `agents`
// hints with the Move button.
import { ask, commandsSince } from './flow-helpers';
import { startHarness, waitFor, type Harness } from './harness';

const ANN = 'ann.lee@acme.test';
const BOB = 'bob.marsh@acme.test';
const DAN = 'dan.okafor@acme.test';

describe('orphaned chats (terminal)', () => {
  let h: Harness;
  const alertsIn = (destination: string) =>
    h.surface.records.filter((r) => r.kind === 'alert' && r.destination === destination);
  const latestAlert = (destination: string, about: string) =>
    alertsIn(destination)
      .filter((r) => r.text.includes(about))
      .at(-1);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  /** A chat of `unit` given to `agentEmail` in Convrs, once we hold it with that agent. */
  async function chatOf(agentEmail: string, unit: string) {
    const conv = h.sim.control.startChat({ businessUnit: unit, agentEmail });
    return waitFor(`chat of ${agentEmail} stored`, async () => {
      const c = await h.app.store.chats.byConversationId(conv.conversationId);
      return c?.agentEmail === agentEmail ? c : undefined;
    });
  }
  const agentIs = (email: string, f: (a: { status: string; selfStatus: string | null }) => boolean) =>
    waitFor(`${email} updated`, async () => {
      const a = await h.app.store.agents.byEmail(email);
      return a && f(a);
    });
  const openChats = async (email: string) => (await h.app.store.chats.openCountsByAgent()).get(email) ?? 0;

  beforeAll(async () => {
    h = await startHarness({
      env: { ORPHAN_AFTER_MINUTES: '0.05', ALERT_COOLDOWN_MINUTES: '30', INACTIVITY_MINUTES: '30' },
    });
    await ask(h, 'sam', 'watch bu:Sales', 'wall-sales');
    await ask(h, 'sam', 'watch bu:"Tech Support"', 'wall-tech');
    h.sim.control.setAgentStatus(BOB, 'Online', 'Available');
    await agentIs(BOB, (a) => a.status === 'Online');
  }, 30_000);
  afterAll(async () => h?.stop());

  it('Offline with 2 open Sales chats: one alert on the Sales wall, cooled down, claimed, and moved by transfer-all with audit', async () => {
    const [c1, c2] = [await chatOf(ANN, 'Sales'), await chatOf(ANN, 'Sales')];
    h.sim.control.setAgentStatus(ANN, 'Offline');
    const alert = await waitFor(
      'alert on the Sales wall',
      () => latestAlert('wall-sales', 'Ann Lee went Offline holding 2 open chats of Sales.'),
      15_000,
    );
    expect(alert.text).toContain(`[transfer ${c1.ref}]`);
    expect(alert.text).toContain(`[transfer ${c2.ref}]`);
    expect(alert.text).toContain('[transfer-all ann.lee@acme.test bu:"Sales" to bu:"Sales"]');
    expect(alert.text).toContain(`[transfer-all ann.lee@acme.test bu:"Sales" to ${BOB}]`);
    expect(alert.text).toContain('[claim agent:ann.lee@acme.test bu:"Sales"]');
    expect(alertsIn('wall-tech').filter((r) => r.text.includes('Ann Lee'))).toEqual([]);

    // Back, then Offline again within the cooldown: the copy says so each time, and no second alert is raised.
    h.sim.control.setAgentStatus(ANN, 'Online');
    await waitFor('copy says she is back', () =>
      latestAlert('wall-sales', 'Ann Lee went Offline')?.text.includes('Ann Lee is back (Online).'),
    );
    h.sim.control.setAgentStatus(ANN, 'Offline');
    await waitFor(
      'copy shows the chats again',
      () => !latestAlert('wall-sales', 'Ann Lee went Offline')?.text.includes('is back'),
    );
    await sleep(500);
    expect(await h.app.store.alerts.forAgent(ANN, 'orphaned')).toHaveLength(1);

    expect((await ask(h, 'sue', 'claim agent:ann.lee@acme.test bu:Sales')).text).toContain(
      "You've got the orphaned-chats alert for Ann Lee's Sales chats",
    );
    await waitFor('claim shown', () =>
      latestAlert('wall-sales', 'Ann Lee went Offline')?.text.includes('(Sue Sales has got it)'),
    );
    expect((await ask(h, 'sam', 'claim agent:"Ann Lee"')).text).toContain(
      "Sue Sales already has the orphaned-chats alert for Ann Lee's Sales chats.",
    );

    const mark = h.sim.commandLog.length;
    const moved = await ask(h, 'sam', `transfer-all ${ANN} bu:Sales to ${BOB}`);
    expect(moved.text).toContain(`Moved 2 chats of Ann Lee of Sales to Bob Marsh (${BOB}): ${c1.ref}, ${c2.ref}.`);
    expect(commandsSince(h, mark, ['TransferConversation']).map((e) => e.params.toAgent)).toEqual([BOB, BOB]);
    for (const c of [c1, c2]) expect(h.sim.state.conversations.get(c.conversationId)!.agent?.email).toBe(BOB);
    const audit = (await h.app.store.audit.recent(20)).filter(
      (e) => e.action === 'transfer' && [c1.id, c2.id].includes(e.chatId!),
    );
    expect(audit.map((e) => [e.actor, e.detail])).toEqual(
      expect.arrayContaining([
        ['sam.boss@acme.test', `to Bob Marsh (${BOB}) (transfer-all of ${ANN})`],
        ['sam.boss@acme.test', `to Bob Marsh (${BOB}) (transfer-all of ${ANN})`],
      ]),
    );
    expect(audit).toHaveLength(2);
    const done = await waitFor('copy says nothing is waiting', () =>
      latestAlert('wall-sales', "None of Ann Lee's Sales chats are waiting any more."),
    );
    expect(done.text).not.toContain('[transfer');
    expect(done.text).toContain('(Sue Sales has got it)');

    const again = h.sim.commandLog.length;
    expect((await ask(h, 'sam', `transfer-all ${ANN} bu:Sales to bu:Sales`)).text).toBe(
      '⚠️ Ann Lee has no open chats of Sales.',
    );
    expect(commandsSince(h, again, ['TransferConversation'])).toEqual([]);
  }, 60_000);

  it("Away: nothing if she comes back in time; past ORPHAN_AFTER_MINUTES one alert on her unit's wall", async () => {
    await chatOf(DAN, 'Tech Support');
    h.sim.control.setAgentStatus(DAN, 'Online', 'Away');
    await agentIs(DAN, (a) => a.selfStatus === 'Away');
    h.sim.control.setAgentStatus(DAN, 'Online', 'Available');
    await agentIs(DAN, (a) => a.selfStatus === 'Available');
    await sleep(4000);
    expect(alertsIn('wall-tech').filter((r) => r.text.includes('Dan Okafor'))).toEqual([]);
    h.sim.control.setAgentStatus(DAN, 'Online', 'Away');
    await agentIs(DAN, (a) => a.selfStatus === 'Away');
    // Armed for 3 s after the event was accepted: not yet.
    expect(alertsIn('wall-tech').filter((r) => r.text.includes('Dan Okafor'))).toEqual([]);
    const alert = await waitFor('Away alert', () => latestAlert('wall-tech', 'Dan Okafor has been Away for'), 15_000);
    expect(alert.text).toContain('holding 1 open chat of Tech Support.');
    expect(alertsIn('wall-sales').filter((r) => r.text.includes('Dan Okafor'))).toEqual([]);
  }, 40_000);

  it('bad input gets one sentence and nothing is sent to Convrs; the capacity check holds for transfer too', async () => {
    h.sim.control.setAgentStatus(ANN, 'Online');
    await agentIs(ANN, (a) => a.status === 'Online');
    const annChat = await chatOf(ANN, 'Sales');
    // Bob to his capacity.
    const max = h.sim.state.agents.get(BOB)!.maxChats;
    while ((await openChats(BOB)) < max) await chatOf(BOB, 'Sales');
    const mark = h.sim.commandLog.length;
    const said = async (text: string, user = 'sam') => (await ask(h, user, text)).text;
    expect(await said('transfer-all zed to bu:Sales')).toBe(
      '⚠️ There is no agent "zed". Try `agents` to see who is available.',
    );
    expect(await said(`transfer-all ${ANN} bu:Nowhere to bu:Sales`)).toMatch(
      /^⚠️ There is no business unit called "Nowhere"\. Known units: /,
    );
    expect(await said('transfer-all carla.diaz@acme.test to bu:Sales')).toBe('⚠️ Carla Diaz has no open chats.');
    expect(await said(`transfer-all ${ANN} to ${BOB}`)).toBe(
      `⚠️ Bob Marsh has ${max} of ${max} open chats: at capacity. Pick someone with room (\`agents\` shows the loads) or a unit (bu:<name>).`,
    );
    expect(await said(`transfer ${annChat.ref} to ${BOB}`)).toBe(
      `⚠️ Bob Marsh has ${max} of ${max} open chats: at capacity. Pick someone with room (\`agents\` shows the loads) or a unit (bu:<name>).`,
    );
    expect(await said(`transfer-all ${ANN} to eve.novak@acme.test`)).toBe(
      '⚠️ Eve Novak is Offline in Convrs: the chats would wait there too. Pick someone Online or a unit.',
    );
    expect(await said(`transfer ${annChat.ref} to eve.novak@acme.test`)).toBe(
      '⚠️ Eve Novak is Offline in Convrs: the chats would wait there too. Pick someone Online or a unit.',
    );
    expect(await said(`transfer-all ${ANN} to gus.grey@acme.test`)).toBe(
      '⚠️ Gus Grey is disabled in Convrs and cannot take chats.',
    );
    expect(await said(`transfer-all ${ANN} to Ann Lee`)).toBe(
      "⚠️ Those chats are Ann Lee's already: name another agent or a unit (bu:<name>).",
    );
    expect(await said(`transfer-all ${DAN} to bu:Sales`, 'sue')).toBe(
      '⚠️ You need the Convrs permission "Supervise" in Tech Support to move Dan Okafor\'s chats; nothing was moved.',
    );
    expect(await said(`transfer-all ${ANN} to bu:Sales`, 'stranger')).toContain('is not a Convrs agent');
    expect(await said('agents bu:"Tech Support"', 'sue')).toBe(
      "⚠️ You can't see the agents of Tech Support. Your business units: Sales.",
    );
    expect(commandsSince(h, mark, ['TransferConversation'])).toEqual([]);
    expect(h.sim.state.conversations.get(annChat.conversationId)!.agent?.email).toBe(ANN);
  }, 60_000);

  it('sue moves only the chats of her units and is told about the rest; a Convrs refusal mid-way is reported per chat', async () => {
    const sales = await chatOf(DAN, 'Sales');
    const mark = h.sim.commandLog.length;
    const r = await ask(h, 'sue', `transfer-all ${DAN} to bu:Sales`);
    expect(r.text).toMatch(
      new RegExp(
        `^ℹ️ Moved 1 chat of Dan Okafor to Sales: ${sales.ref}\\. 1 chat in Tech Support \\(C-\\d+\\) stayed: you may not supervise Tech Support\\.$`,
      ),
    );
    expect(commandsSince(h, mark, ['TransferConversation']).map((e) => e.params.conversationId)).toEqual([
      sales.conversationId,
    ]);

    const [a, b, c] = [await chatOf(ANN, 'Sales'), await chatOf(ANN, 'Sales'), await chatOf(ANN, 'Sales')];
    // Finished in Convrs before the bot hears of it: Convrs refuses that one, the others still move.
    h.sim.control.pauseDelivery();
    h.sim.control.finish(b.conversationId);
    try {
      const out = await ask(h, 'sam', `transfer-all ${ANN} to bu:Sales`);
      expect(out.text).toContain(`${b.ref} was not moved: Convrs says: Conversation is closed`);
      expect(out.text).toMatch(new RegExp(`Moved \\d+ chats of Ann Lee to Sales: .*${a.ref}.*${c.ref}`));
    } finally {
      h.sim.control.resumeDelivery();
    }
    for (const x of [a, c]) expect(h.sim.state.conversations.get(x.conversationId)!.agent?.email).not.toBe(ANN);
  }, 60_000);

  it('agents marks an agent at capacity and offers to move her riskiest chat to the least-loaded agent with room', async () => {
    const max = h.sim.state.agents.get(BOB)!.maxChats;
    while ((await openChats(BOB)) < max) await chatOf(BOB, 'Sales');
    const r = await ask(h, 'sam', 'agents bu:Sales');
    const view = r.view!;
    if (view.type !== 'list') throw new Error('not a list');
    expect(view.page.columns.at(-1)).toBe('Hints');
    const row = view.page.rows.find((x) => x.cells[1] === BOB)!;
    expect(row.cells.at(-1)).toMatch(/^at capacity/);
    expect(row.button?.label).toMatch(/^Move C-\d+ to /);
    expect(r.text).toContain(`→ ${row.button!.command}`);
    const [, ref, , to] = row.button!.command.split(' ');
    const moved = await ask(h, 'sam', row.button!.command);
    expect(moved.text).toContain(`${ref} transferred to`);
    const chat = await h.app.store.chats.find(ref);
    expect(h.sim.state.conversations.get(chat!.conversationId)!.agent?.email).toBe(to);
  }, 60_000);
});
