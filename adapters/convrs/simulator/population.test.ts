// Population: deterministic from the seed, with the supervisors and plain agents the tests rely on.
import { buildPopulation, mulberry32 } from './population';
import { formatTs, parseTs } from './state';

describe('simulator population', () => {
  it('is deterministic from the seed', () => {
    expect(buildPopulation({ seed: 4 })).toEqual(buildPopulation({ seed: 4 }));
    expect(buildPopulation({ seed: 4 }).customers).not.toEqual(buildPopulation({ seed: 5 }).customers);
    const r = mulberry32(1);
    const s = mulberry32(1);
    expect([r(), r(), r()]).toEqual([s(), s(), s()]);
  });

  it('has the required supervisors, plain agents, statuses and customers', () => {
    const p = buildPopulation();
    expect(p.businessUnits).toEqual(['Sales', 'Customer Support', 'Tech Support']);
    expect(p.agents).toHaveLength(9);
    expect(p.agents.find((a) => a.email === 'sam.boss@acme.test')).toMatchObject({
      name: 'Sam Boss',
      permissions: ['Supervise', 'Supervise Open Chats', 'All Chats'],
      businessUnits: p.businessUnits,
    });
    expect(p.agents.find((a) => a.email === 'sue.sales@acme.test')).toMatchObject({
      permissions: ['Supervise'],
      businessUnits: ['Sales'],
    });
    expect(p.agents.filter((a) => a.permissions.length === 0).length).toBeGreaterThanOrEqual(5);
    expect(new Set(p.agents.map((a) => a.status))).toEqual(new Set(['Online', 'Busy', 'Offline', 'Disabled']));
    for (const bu of p.businessUnits)
      expect(p.agents.some((a) => a.status === 'Online' && !a.permissions.length && a.businessUnits.includes(bu))).toBe(
        true,
      );
    expect(p.customers).toHaveLength(40);
    expect(new Set(p.customers.map((c) => c.uid)).size).toBe(40);
  });

  it('maps the roster onto custom business units', () => {
    const p = buildPopulation({ businessUnits: ['A', 'B'], customers: 3 });
    expect(p.agents.find((a) => a.email === 'sam.boss@acme.test')!.businessUnits).toEqual(['A', 'B']);
    expect(p.agents.every((a) => a.businessUnits.every((b) => b === 'A' || b === 'B'))).toBe(true);
    expect(p.customers).toHaveLength(3);
  });

  it('formats datetimes as UTC without offset, with milliseconds, and parses them back', () => {
    const ms = Date.UTC(2026, 10, 24, 10, 15, 24, 123);
    expect(formatTs(ms)).toBe('2026-11-24T10:15:24.123');
    expect(parseTs('2026-11-24T10:15:24.123')).toBe(ms);
    expect(parseTs('2020-04-18T16:15:24')).toBe(Date.UTC(2020, 3, 18, 16, 15, 24));
  });
});
