import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfig } from '../../functions/lib/config';
import { resetDb } from '../../functions/lib/dynamo';
import { stack } from './helpers';
import { newOrganization, type TestOrg } from './fixtures';

/**
 * Issue 13: every write route driven with generated hostile input (fast-check): text from every
 * Unicode plane, lone surrogates, control and bidi characters, strings around and past the limits,
 * huge, tiny and non-finite numbers, wrong types, nested junk, unknown and prototype-polluting keys,
 * bodies that are not JSON or nest 100,000 deep. Two properties hold for every input:
 * - the answer is never a 5xx;
 * - nothing refused is stored: each list holds exactly the records whose creation was accepted,
 *   each record's version counts exactly its accepted changes, settings are the last accepted ones.
 * The API is the same Hono app as on Lambda, called in this process against the stack's DynamoDB.
 */
type App = typeof import('../../functions/api/app')['app'];
let app: App;
let org: TestOrg;
const RUNS = Number(process.env.FUZZ_RUNS ?? 250);

interface Answer {
  status: number;
  body: any;
}

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await app.request(
    `/api/v1${path}`,
    {
      method,
      headers: { authorization: `Bearer ${org.apiKey}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    },
    { requestContext: { http: { sourceIp: '198.51.100.200' } } },
  );
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // keep the text
  }
  if (res.status >= 500)
    throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}\nbody: ${JSON.stringify(body)?.slice(0, 500)}`);
  return { status: res.status, body: parsed };
}

/** Every item of a list, following its cursors (the lists of one client page only from the second wave on). */
async function countAll(path: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  do {
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
    const page: Answer = await send('GET', `${path}${query}`);
    expect(page.status).toBe(200);
    count += page.body.items.length;
    cursor = page.body.nextCursor;
  } while (cursor);
  return count;
}

// ---------- hostile values ----------

const specials = fc.constantFrom(
  '😀',
  '漢',
  '\u0000',
  '\n',
  '\r',
  '\t',
  '\u202e',
  '\u200b',
  '\ud800',
  '\udfff',
  '\uffff',
  '\u{10ffff}',
  '"',
  '\\',
  '<script>',
  '%00',
  '#',
  'é',
  'e\u0301',
);
const hostileString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'binary', minLength: 150, maxLength: 260 }),
  fc.string({ unit: specials, maxLength: 260 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'a'.repeat(10_001),
    '😀'.repeat(200),
    '漢'.repeat(200),
    'ok@example.test',
    '06 12 34 56 78',
    '+33 4 91 00 00 00',
  ),
);
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.maxSafeInteger(),
  fc.constantFrom(2 ** 53 + 1, 1e308, -1e308, 5e-324, -0, 1e21, 0.1 + 0.2, 5e-10, 1.0000000001, 1.001, 20, 5.5, 0),
);
const junk: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.anything({ maxDepth: 3, maxKeys: 5 }),
  fc.array(hostileString, { maxLength: 3 }),
);
// Valid values, from every plane but within the rules (no control character, no lone surrogate).
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const printable = (v: string) => v.replace(/[\u0000-\u001f\u007f]/g, '').replace(/\p{Cs}/gu, '');
const validText = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(printable) },
  {
    weight: 1,
    arbitrary: fc.string({
      unit: fc.constantFrom('😀', '漢', 'é', 'e\u0301', '\u202e', '\u{10ffff}', 'Œ', ' '),
      minLength: 150,
      maxLength: 200,
    }),
  },
  { weight: 2, arbitrary: fc.constantFrom('Dupont', 'Zed😀 Plomberie', 'Œillet', '漢字', "L'Hôtel — Côte d’Azur") },
);
const requiredText = validText.map((v) => (v.trim() ? v : `x${v}`));
const validEmail = fc.oneof(fc.emailAddress(), fc.constant('ok@example.test'));
const validPhone = fc.constantFrom('04 91 00 00 00', '+33 6 12 34 56 78', '0612345678', null);
/** A value that breaks a rule: hostile text or number, a wrong type, nested junk. */
const bad = fc.oneof(hostileString, junk);
/**
 * A valid object, then 0 to 2 of its fields (or an unknown, `__proto__` or `constructor` key)
 * replaced by something hostile: about a third of the inputs are valid and go all the way in.
 */
const mutated = (valid: Record<string, fc.Arbitrary<unknown>>, required: string[] = [], nested = false) =>
  fc
    .tuple(
      fc.record(valid, { requiredKeys: required }),
      fc.oneof(
        { weight: nested ? 4 : 1, arbitrary: fc.constant([] as [string, unknown][]) },
        {
          weight: 2,
          arbitrary: fc.array(
            fc.tuple(fc.constantFrom(...Object.keys(valid), '__proto__', 'constructor', 'orgId', 'version', 'unknown'), bad),
            {
              minLength: 1,
              maxLength: 2,
            },
          ),
        },
      ),
    )
    .map(([base, changes]) => {
      const result: Record<string, unknown> = { ...base };
      for (const [key, value] of changes)
        Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
      return result;
    });
const optional = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
/** Bodies that are not a JSON object at all. */
const rawBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(
    `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    `{"name":${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}`,
    '{',
    'null',
    '[]',
    '"x"',
    '1e999',
    '{"__proto__":{"admin":true}}',
    '{"name":"a","name":"b","kind":"company"}',
  ),
);
const body = (shape: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 8, arbitrary: shape }, { weight: 1, arbitrary: rawBody }, { weight: 1, arbitrary: junk });

const person = {
  civility: fc.constantFrom('mr', 'mrs', null),
  firstName: optional(validText),
  lastName: optional(validText),
  email: optional(validEmail),
  phone: validPhone,
  mobile: validPhone,
};
const clientShape = mutated(
  {
    name: requiredText,
    kind: fc.constantFrom('company', 'individual'),
    reference: optional(validText),
    mainContact: optional(mutated({ ...person, fax: validPhone }, [], true)),
    notes: optional(validText),
  },
  ['name', 'kind'],
);
const clientPatchShape = mutated({
  name: requiredText,
  kind: fc.constantFrom('company', 'individual'),
  notes: optional(validText),
  archived: fc.boolean(),
  mainContact: optional(mutated(person, [], true)),
});
const addressShape = mutated(
  {
    label: requiredText,
    line1: requiredText,
    line2: optional(validText),
    postalCode: fc.constantFrom('13001', '75002', '2A004', 'SW1A 1AA'),
    city: requiredText,
    country: fc.constantFrom('FR', 'BE', null),
    siteContact: optional(
      mutated(
        {
          firstName: optional(validText),
          lastName: optional(validText),
          email: optional(validEmail),
          phone: validPhone,
          info: optional(validText),
        },
        [],
        true,
      ),
    ),
    notes: optional(validText),
  },
  ['label', 'line1', 'postalCode', 'city'],
);
const contactShape = mutated({ ...person, lastName: requiredText, jobTitle: optional(validText), notes: optional(validText) }, [
  'lastName',
]);
const documentLine = mutated(
  {
    description: requiredText,
    quantity: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }).map((n) => n / 1000),
    unitPriceCents: fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
    vatRate: fc.constantFrom(20, 10, 5.5, 2.1, 0),
  },
  ['description', 'quantity', 'unitPriceCents', 'vatRate'],
  true,
);
const documentShape = mutated(
  {
    type: fc.constantFrom('invoice', 'quote'),
    title: optional(validText),
    date: fc.constantFrom('2026-01-31', '2026-02-28', null),
    lines: fc.array(documentLine, { maxLength: 4 }),
  },
  ['type'],
);
const documentPatchShape = mutated({
  title: optional(validText),
  date: fc.constantFrom('2026-01-31', null),
  lines: fc.array(documentLine, { maxLength: 4 }),
});
const sendShape = mutated(
  {
    to: fc.array(mutated({ kind: fc.constantFrom('main', 'self') }, ['kind'], true), { minLength: 1, maxLength: 3 }),
    subject: requiredText,
    message: validText,
  },
  ['to'],
);
const settingsShape = mutated({
  modules: mutated({ secondaryContacts: fc.constant(true) }, [], true),
  sender: mutated({ fromName: optional(validText), replyTo: optional(validEmail) }, [], true),
});
const displayShape = mutated({
  client: fc.dictionary(fc.constantFrom('reference', 'notes', 'mainContact.fax'), fc.boolean()),
  invoice: fc.dictionary(fc.constantFrom('title', 'contactId'), fc.boolean()),
});
const apiKeyShape = mutated({ name: requiredText, role: fc.constantFrom('admin', 'member') }, ['name']);
const userShape = mutated(
  {
    email: validEmail.map((e) => `fuzz.${Math.random().toString(36).slice(2, 8)}.${e}`),
    firstName: optional(validText),
    role: fc.constantFrom('member'),
  },
  ['email'],
);
const userPatchShape = mutated({ firstName: optional(validText), lastName: optional(validText), role: fc.constantFrom('member') });
/** Every byte percent-encoded (a lone surrogate as U+FFFD, as a client would send it). */
const percentEncoded = (v: string) => [...Buffer.from(v, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
/** Ids in paths: mostly right, sometimes hostile (they become part of keys). */
const pathId = (right: () => string) =>
  fc
    .oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileString })
    .map((v) => (v === null ? right() : percentEncoded(v)));

const property = <T>(arbitrary: fc.Arbitrary<T>, check: (value: T) => Promise<void>, runs = RUNS) =>
  fc.assert(fc.asyncProperty(arbitrary, check), { numRuns: runs, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined });

let clientId: string;
let addressId: string;
let contactId: string;
let documentId: string;

beforeAll(async () => {
  Object.assign(process.env, stack().env);
  resetConfig();
  resetDb();
  ({ app } = await import('../../functions/api/app'));
  org = await newOrganization('Fuzz SARL', { secondaryContacts: true });
  clientId = (await send('POST', '/clients', { name: 'Base du fuzz', kind: 'company' })).body.id;
  addressId = (
    await send('POST', `/clients/${clientId}/addresses`, { label: 'Siège', line1: '1 rue A', postalCode: '13001', city: 'Marseille' })
  ).body.id;
  contactId = (await send('POST', `/clients/${clientId}/contacts`, { lastName: 'Base', email: 'base@example.test', addressId })).body.id;
  documentId = (await send('POST', `/clients/${clientId}/documents`, { type: 'quote', lines: [] })).body.id;
});

describe('hostile input on every write route: never a 5xx, nothing refused is stored', () => {
  it('POST /clients, PATCH /clients/{id}', async () => {
    const before = await countAll('/clients');
    let created = 0;
    await property(body(clientShape), async (b) => {
      if ((await send('POST', '/clients', b)).status === 201) created++;
    });
    // Enough valid inputs go all the way in (the generator is not just noise).
    expect(created).toBeGreaterThan(RUNS / 20);
    expect(await countAll('/clients')).toBe(before + created);
    let patched = 0;
    await property(
      fc.tuple(
        pathId(() => clientId),
        body(clientPatchShape),
      ),
      async ([id, b]) => {
        const answer = await send('PATCH', `/clients/${id}`, b);
        if (answer.status === 200 && answer.body.id === clientId) patched++;
      },
    );
    expect((await send('GET', `/clients/${clientId}`)).body.version).toBe(1 + patched);
  }, 120_000);

  it('POST and PATCH of addresses', async () => {
    const list = `/clients/${clientId}/addresses`;
    const before = await countAll(list);
    let created = 0;
    await property(
      fc.tuple(
        pathId(() => clientId),
        body(addressShape),
      ),
      async ([id, b]) => {
        const answer = await send('POST', `/clients/${id}/addresses`, b);
        if (answer.status === 201 && answer.body.clientId === clientId) created++;
      },
    );
    // Enough valid inputs go all the way in (the generator is not just noise).
    expect(created).toBeGreaterThan(RUNS / 20);
    expect(await countAll(list)).toBe(before + created);
    let patched = 0;
    await property(body(addressShape), async (b) => {
      if ((await send('PATCH', `${list}/${addressId}`, b)).status === 200) patched++;
    });
    expect((await send('GET', `${list}/${addressId}`)).body.version).toBe(1 + patched);
  }, 120_000);

  it('POST and PATCH of contacts', async () => {
    const list = `/clients/${clientId}/contacts`;
    const before = await countAll(list);
    let created = 0;
    await property(body(contactShape), async (b) => {
      if ((await send('POST', list, b)).status === 201) created++;
    });
    // Enough valid inputs go all the way in (the generator is not just noise).
    expect(created).toBeGreaterThan(RUNS / 20);
    expect(await countAll(list)).toBe(before + created);
    let patched = 0;
    await property(body(contactShape), async (b) => {
      if ((await send('PATCH', `${list}/${contactId}`, b)).status === 200) patched++;
    });
    expect((await send('GET', `${list}/${contactId}`)).body.version).toBe(1 + patched);
  }, 120_000);

  it('POST and PATCH of documents', async () => {
    const list = `/clients/${clientId}/documents`;
    const before = await countAll(list);
    let created = 0;
    await property(body(documentShape), async (b) => {
      const answer = await send('POST', list, b);
      if (answer.status === 201) {
        created++;
        expect(Number.isSafeInteger(answer.body.totals.grossCents)).toBe(true);
      }
    });
    // Enough valid inputs go all the way in (the generator is not just noise).
    expect(created).toBeGreaterThan(RUNS / 20);
    expect(await countAll(list)).toBe(before + created);
    let patched = 0;
    await property(body(documentPatchShape), async (b) => {
      if ((await send('PATCH', `${list}/${documentId}`, b)).status === 200) patched++;
    });
    expect((await send('GET', `${list}/${documentId}`)).body.version).toBe(1 + patched);
  }, 120_000);

  it('POST of sends (with hostile Idempotency-Key headers)', async () => {
    const list = `/clients/${clientId}/documents/${documentId}/sends`;
    const before = (await send('GET', list)).body.items.length;
    let created = 0;
    const key = fc.oneof(fc.uuid(), fc.string({ unit: 'binary', maxLength: 300 }));
    await property(
      fc.tuple(body(sendShape), key),
      async ([b, k]) => {
        // A header must be a ByteString: what a client cannot even send is not a case.
        const header: Record<string, string> = /^[\x20-\x7e]*$/.test(k) ? { 'idempotency-key': k } : {};
        const answer = await send('POST', list, b, header);
        if (answer.status === 201 && !answer.body.replayed) created++;
      },
      Math.ceil(RUNS / 2),
    );
    // Replays answer 201 again without a new send: the list may hold fewer, never more.
    expect((await send('GET', list)).body.items.length).toBeLessThanOrEqual(before + created);
  }, 120_000);

  it('PATCH /settings and PUT /me/display-options keep the last accepted state', async () => {
    let lastSettings = (await send('GET', '/settings')).body;
    await property(body(settingsShape), async (b) => {
      const answer = await send('PATCH', '/settings', b);
      if (answer.status === 200) lastSettings = answer.body;
    });
    expect((await send('GET', '/settings')).body).toEqual(lastSettings);
    let lastOptions = (await send('GET', '/me/display-options')).body;
    await property(body(displayShape), async (b) => {
      const answer = await send('PUT', '/me/display-options', b);
      if (answer.status === 200) lastOptions = answer.body;
    });
    expect((await send('GET', '/me/display-options')).body).toEqual(lastOptions);
  }, 120_000);

  it('POST /api-keys, POST /users, PATCH /users/{id}', async () => {
    const keysBefore = (await send('GET', '/api-keys')).body.items.length;
    let keys = 0;
    await property(body(apiKeyShape), async (b) => {
      if ((await send('POST', '/api-keys', b)).status === 201) keys++;
    });
    expect((await send('GET', '/api-keys')).body.items.length).toBe(keysBefore + keys);
    // Inviting users creates Cognito users: fewer runs, mostly refused.
    const usersBefore = (await send('GET', '/users')).body.items.length;
    let users = 0;
    await property(
      body(userShape),
      async (b) => {
        if ((await send('POST', '/users', b)).status === 201) users++;
      },
      Math.ceil(RUNS / 3),
    );
    const list = (await send('GET', '/users')).body.items as { id: string }[];
    expect(list.length).toBe(usersBefore + users);
    const target = list[list.length - 1]?.id ?? 'none';
    await property(
      fc.tuple(
        pathId(() => target),
        body(userPatchShape),
      ),
      async ([id, b]) => {
        await send('PATCH', `/users/${id}`, b);
      },
      Math.ceil(RUNS / 3),
    );
  }, 120_000);
});
