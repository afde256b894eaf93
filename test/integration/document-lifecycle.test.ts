import { createHash } from 'node:crypto';
import { extractText } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, stack } from './helpers';
import { expectProblem, newAddress, newClient, newContact, newOrganization, ok, unique, type TestOrg } from './fixtures';

/**
 * Documents a French business can legally send: drafts burn no number, issue numbers them in
 * order and freezes them (PATCH/DELETE refused, the PDF bytes kept), a missing mention blocks the
 * issue, a credit note corrects an invoice, a quote is answered and becomes an invoice, and the
 * mail is the organisation's template, shown by the preview exactly as sent.
 */
interface StoredMail {
  messageId: string;
  subject: string;
  body: { text?: string };
  attachments: { filename: string; content: string }[];
}
const mailbox = async () => ((await (await fetch(`${stack().mailboxUrl}/store`)).json()) as { emails: StoredMail[] }).emails;
const pdfText = async (bytes: Uint8Array) => (await extractText(bytes, { mergePages: true })).text.replace(/\s+/g, ' ');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date());
const lines = [
  { description: 'Circulateur', quantity: 1, unitPriceCents: 32_000, vatRate: 10 },
  { description: 'Thermostat', quantity: 1, unitPriceCents: 15_000, vatRate: 20 },
];

let org: TestOrg;
let clientId: string;
let addressId: string;
let contactId: string;
beforeAll(async () => {
  org = await newOrganization(unique('Cycle de vie SARL'), { secondaryContacts: true });
  const client = await newClient(org.apiKey, 'Syndic Les Tilleuls', {
    mainContact: { firstName: 'Karim', lastName: 'Benali', email: `karim-${Date.now().toString(36)}@tilleuls.fr` },
  });
  clientId = client.id;
  addressId = (
    await newAddress(org.apiKey, clientId, 'Résidence', { line1: '4 avenue des Tilleuls', postalCode: '13008', city: 'Marseille' })
  ).id;
  contactId = (await newContact(org.apiKey, clientId, { firstName: 'Chloé', lastName: 'Mercier', email: 'chloe@tilleuls.fr' })).id;
});

const docs = () => `/clients/${clientId}/documents`;
const draft = async (body: Record<string, unknown> = {}) =>
  (await ok(201, api(org.apiKey, 'POST', docs(), { type: 'invoice', addressId, contactId, lines, ...body }))).body;
const issue = (id: string) => api(org.apiKey, 'POST', `${docs()}/${id}/issue`);
async function pdfBytes(id: string): Promise<Uint8Array> {
  const res = await fetch(`${stack().apiUrl}${docs()}/${id}/pdf`, { headers: { authorization: `Bearer ${org.apiKey}` } });
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

describe('drafts and issue', () => {
  it('drafts burn no number; issue numbers in issue order; an issued invoice refuses PATCH and DELETE', async () => {
    const deleted = await draft({ title: 'Supprimé' });
    await ok(204, api(org.apiKey, 'DELETE', `${docs()}/${deleted.id}`));
    const second = await draft({ title: 'Deuxième créé' });
    const first = await draft({ title: 'Premier créé' });
    expect([second.number, first.number, second.status]).toEqual([null, null, 'draft']);
    // Issued in the order of issue, not of creation; the deleted draft left no gap.
    const a = (await ok(200, issue(first.id))).body;
    const b = (await ok(200, issue(second.id))).body;
    expect([a.number, b.number]).toEqual([`F-${year}-0001`, `F-${year}-0002`]);
    expect(a).toMatchObject({ status: 'issued', issuedAt: expect.any(String), dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });

    for (const [method, body] of [
      ['PATCH', { title: 'Modifiée' }],
      ['PATCH', { lines: [{ ...lines[0], unitPriceCents: 15_000 }] }],
      ['DELETE', undefined],
    ] as const) {
      const refused = await api(org.apiKey, method, `${docs()}/${a.id}`, body);
      expectProblem(refused, 409, 'conflict');
      expect(refused.body.reason).toBe('document_issued');
    }
    expectProblem(await issue(a.id), 409, 'conflict');
    expect((await ok(200, api(org.apiKey, 'GET', `${docs()}/${a.id}`))).body).toEqual(a);
  });

  it('its PDF bytes never change, whatever happens to the client, the contact or the company', async () => {
    const invoice = (await ok(200, issue((await draft()).id))).body;
    const before = await pdfBytes(invoice.id);
    await ok(200, api(org.apiKey, 'PATCH', `/clients/${clientId}`, { name: 'Syndic Les Tilleuls (nouveau nom)' }));
    await ok(200, api(org.apiKey, 'PATCH', `/clients/${clientId}/addresses/${addressId}`, { line1: '9 rue Nouvelle' }));
    await ok(200, api(org.apiKey, 'PATCH', `/clients/${clientId}/contacts/${contactId}`, { lastName: 'Mercier-Durand' }));
    await ok(200, api(org.apiKey, 'PATCH', '/settings', { company: { legalName: 'Nouvelle Raison Sociale SAS', siren: '732829320' } }));
    const after = await pdfBytes(invoice.id);
    expect(sha256(after)).toBe(sha256(before));
    // A draft, by contrast, shows today's records.
    const fresh = await draft();
    expect(await pdfText(await pdfBytes(fresh.id))).toContain('Nouvelle Raison Sociale SAS');
    expect(await pdfText(after)).not.toContain('Nouvelle Raison Sociale SAS');
  });

  it('a missing SIREN (or address) blocks the issue with 422 naming it; nothing is numbered', async () => {
    const bare = await newOrganization(unique('Sans Mentions'), { secondaryContacts: false, legalProfile: false });
    const client = await newClient(bare.apiKey, 'Client');
    const doc = (await ok(201, api(bare.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'invoice', lines }))).body;
    const refused = await api(bare.apiKey, 'POST', `/clients/${client.id}/documents/${doc.id}/issue`);
    expectProblem(refused, 422, 'unprocessable');
    expect(refused.body.reason).toBe('missing_legal_mentions');
    const paths = refused.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['company.siren', 'company.address.line1', 'company.vatNumber', 'addressId']));
    expect((await ok(200, api(bare.apiKey, 'GET', `/clients/${client.id}/documents/${doc.id}`))).body).toMatchObject({
      status: 'draft',
      number: null,
    });
  });
});

describe('sending an issued document', () => {
  it('a draft is not sent (409 document_not_issued); the mail attaches the kept PDF, its hash on the send', async () => {
    const doc = await draft();
    const refused = await api(org.apiKey, 'POST', `${docs()}/${doc.id}/sends`, { to: [{ kind: 'main' }] });
    expectProblem(refused, 409, 'conflict');
    expect(refused.body.reason).toBe('document_not_issued');

    const invoice = (await ok(200, issue(doc.id))).body;
    const kept = await pdfBytes(invoice.id);
    const preview = (await ok(200, api(org.apiKey, 'POST', `${docs()}/${invoice.id}/sends/preview`, { to: [{ kind: 'main' }] }))).body;
    expect(preview.subject).toBe(`Facture ${invoice.number} — ${org.name}`);
    expect(preview.text.startsWith('Bonjour Karim,\n\nVeuillez trouver ci-joint notre facture')).toBe(true);
    expect(preview.text.match(/Bonjour/g)).toHaveLength(1);
    expect(preview.text.match(/Cordialement/g)).toHaveLength(1);

    const sent = (await ok(201, api(org.apiKey, 'POST', `${docs()}/${invoice.id}/sends`, { to: [{ kind: 'main' }] }))).body;
    expect(sent.attachmentSha256).toBe(sha256(kept));
    const mail = (await mailbox()).find((m) => m.messageId === sent.messageId);
    const attachment = mail?.attachments[0];
    expect(attachment && sha256(Buffer.from(attachment.content, 'base64'))).toBe(sent.attachmentSha256);
    // What the preview showed is what was sent.
    expect(mail?.subject).toBe(preview.subject);
    expect(mail?.body.text?.trim()).toBe(preview.text.trim());

    // A typed message replaces the template's text: no doubled greeting.
    const own = await ok(
      201,
      api(org.apiKey, 'POST', `${docs()}/${invoice.id}/sends`, {
        to: [{ kind: 'main' }],
        message: 'Bonjour Karim,\n\nVoici la facture.\n\nClaire',
      }),
    );
    const ownMail = (await mailbox()).find((m) => m.messageId === own.body.messageId);
    expect(ownMail?.body.text?.match(/Bonjour/g)).toHaveLength(1);
    expect(own.body.attachmentSha256).toBe(sent.attachmentSha256);

    const listed = (await ok(200, api(org.apiKey, 'GET', `/documents?type=invoice&sendStatus=never`))).body.items as { id: string }[];
    expect(listed.map((d) => d.id)).not.toContain(invoice.id);
    const drafts = (await ok(200, api(org.apiKey, 'GET', `/documents?type=invoice&status=draft`))).body.items as { status: string }[];
    expect(drafts.length).toBeGreaterThan(0);
    expect(drafts.every((d) => d.status === 'draft')).toBe(true);
  });
});

describe('credit notes and quotes', () => {
  it('a credit note corrects an issued invoice and is numbered A-…', async () => {
    const invoice = (await ok(200, issue((await draft()).id))).body;
    expectProblem(await api(org.apiKey, 'POST', `${docs()}/${(await draft()).id}/credit-note`), 409, 'conflict');
    const credit = (await ok(201, api(org.apiKey, 'POST', `${docs()}/${invoice.id}/credit-note`))).body;
    expect(credit).toMatchObject({
      type: 'credit_note',
      status: 'draft',
      number: null,
      creditedDocumentId: invoice.id,
      creditedNumber: invoice.number,
      lines: invoice.lines,
    });
    const issued = (await ok(200, issue(credit.id))).body;
    expect(issued.number).toMatch(new RegExp(`^A-${year}-\\d{4}$`));
    const text = await pdfText(await pdfBytes(issued.id));
    expect(text).toContain(`AVOIR`);
    expect(text).toContain(`Avoir sur la facture ${invoice.number}`);
  });

  it('an issued quote is accepted, then becomes an invoice draft once', async () => {
    const quote = (await ok(201, api(org.apiKey, 'POST', docs(), { type: 'quote', addressId, lines }))).body;
    expectProblem(await api(org.apiKey, 'POST', `${docs()}/${quote.id}/accept`), 409, 'conflict');
    const issued = (await ok(200, issue(quote.id))).body;
    expect(issued.validUntil).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await ok(200, api(org.apiKey, 'POST', `${docs()}/${quote.id}/accept`))).body.status).toBe('accepted');
    expectProblem(await api(org.apiKey, 'POST', `${docs()}/${quote.id}/refuse`), 409, 'conflict');
    const invoice = (await ok(201, api(org.apiKey, 'POST', `${docs()}/${quote.id}/invoice`))).body;
    expect(invoice).toMatchObject({ type: 'invoice', status: 'draft', quoteId: quote.id, lines, addressId });
    const again = await api(org.apiKey, 'POST', `${docs()}/${quote.id}/invoice`);
    expectProblem(again, 409, 'conflict');
    expect(again.body.reason).toBe('quote_invoiced');
  });
});

describe('deleting a contact used by documents', () => {
  it('the client’s documents naming the contact are listed (the warning’s count); issued ones keep their PDF', async () => {
    const named = await newContact(org.apiKey, clientId, { firstName: 'Nommé', lastName: 'Surdocs' });
    const d1 = await draft({ contactId: named.id });
    const d2 = (await ok(200, issue((await draft({ contactId: named.id })).id))).body;
    await draft();
    const listed = (await ok(200, api(org.apiKey, 'GET', `${docs()}?contactId=${named.id}`))).body.items as { id: string }[];
    expect(listed.map((d) => d.id).sort()).toEqual([d1.id, d2.id].sort());
    const before = sha256(await pdfBytes(d2.id));
    await ok(204, api(org.apiKey, 'DELETE', `/clients/${clientId}/contacts/${named.id}`));
    expect(sha256(await pdfBytes(d2.id))).toBe(before);
  });
});
