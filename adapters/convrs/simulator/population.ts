// Seeded population of the simulated Convrs: business units, agents (with permissions) and customers.
import type { Agent, AgentStatusValue, Customer, Permission } from './types';

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough to make a simulation reproducible from one number. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)] as T;
export const between = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
export const chance = (rng: Rng, p: number): boolean => rng() < p;

export const DEFAULT_BUSINESS_UNITS = ['Sales', 'Customer Support', 'Tech Support'] as const;
export const ALL_PERMISSIONS: Permission[] = ['Supervise', 'Supervise Open Chats', 'All Chats'];

export interface Population {
  businessUnits: string[];
  agents: Agent[];
  customers: Customer[];
}

export interface PopulationOptions {
  seed?: number;
  /** Replaces the default units; the roster's units are mapped onto them by position. */
  businessUnits?: string[];
  customers?: number;
}

type RosterEntry = [
  email: string,
  name: string,
  bus: number[] | 'all',
  perms: Permission[],
  status: AgentStatusValue,
  self: string | null,
];

// A fixed roster so that tests and the demo can name people; the seed varies loads and customers.
const ROSTER: RosterEntry[] = [
  ['sam.boss@acme.test', 'Sam Boss', 'all', ALL_PERMISSIONS, 'Online', 'Supervising'],
  ['sue.sales@acme.test', 'Sue Sales', [0], ['Supervise'], 'Online', null],
  ['tom.tech@acme.test', 'Tom Tech', [2], ['Supervise', 'Supervise Open Chats'], 'Online', null],
  ['ann.lee@acme.test', 'Ann Lee', [0], [], 'Online', 'Available'],
  ['bob.marsh@acme.test', 'Bob Marsh', [0], [], 'Busy', 'In a meeting'],
  ['carla.diaz@acme.test', 'Carla Diaz', [1], [], 'Online', 'Available'],
  ['dan.okafor@acme.test', 'Dan Okafor', [1, 2], [], 'Online', null],
  ['eve.novak@acme.test', 'Eve Novak', [2], [], 'Offline', 'Back at 14:00'],
  ['gus.grey@acme.test', 'Gus Grey', [1], [], 'Disabled', null],
];

const FIRST = [
  'Maria',
  'John',
  'Aisha',
  'Lukas',
  'Sofia',
  'Wei',
  'Priya',
  'Carlos',
  'Emma',
  'Omar',
  'Yuki',
  'Noah',
  'Fatima',
  'Liam',
  'Chloé',
  'Mateo',
  'Ingrid',
  'Kwame',
  'Elena',
  'Raj',
];
const LAST = [
  'Jansen',
  'Smith',
  'Khan',
  'Müller',
  'Rossi',
  'Chen',
  'Patel',
  'García',
  'Dubois',
  'Haddad',
  'Tanaka',
  'Brown',
  'Okoro',
  'Nielsen',
  'Silva',
  'Novak',
  'Kowalski',
  'Mensah',
  'Ivanova',
  'Singh',
];
const COUNTRIES = [
  'Netherlands',
  'United States',
  'United Kingdom',
  'Germany',
  'France',
  'Spain',
  'Brazil',
  'India',
  'Nigeria',
  'Japan',
  'South Africa',
  'Mexico',
];

export function buildPopulation(opts: PopulationOptions = {}): Population {
  const rng = mulberry32(opts.seed ?? 1);
  const businessUnits = opts.businessUnits?.length ? [...opts.businessUnits] : [...DEFAULT_BUSINESS_UNITS];
  const bu = (i: number) => businessUnits[i % businessUnits.length] as string;
  const agents: Agent[] = ROSTER.map(([email, name, bus, permissions, status, selfStatus]) => ({
    email,
    name,
    businessUnits: bus === 'all' ? [...businessUnits] : [...new Set(bus.map(bu))],
    permissions: [...permissions],
    status,
    selfStatus,
    openChats: 0,
    maxChats: permissions.length ? between(rng, 2, 3) : between(rng, 4, 8),
  }));
  const customers: Customer[] = [];
  const seen = new Set<string>();
  for (let i = 0; customers.length < (opts.customers ?? 40); i++) {
    const name = `${pick(rng, FIRST)} ${pick(rng, LAST)}`;
    if (seen.has(name) && i < 1000) continue;
    seen.add(name);
    const uid =
      'u_' +
      Math.floor(rng() * 0xffffff)
        .toString(16)
        .padStart(6, '0') +
      String(customers.length).padStart(3, '0');
    customers.push({ uid, name, country: pick(rng, COUNTRIES) });
  }
  return { businessUnits, agents, customers };
}
