import { beforeAll, describe, expect, it } from 'vitest';
import { api, orgs, signIn, stack, until } from './helpers';
import { expectProblem, newAddress, newClient, newContact, newIssuedDocument, newOrganization, ok, unique } from './fixtures';
import { at } from '../../shared/at';

/**
 * Sending documents by email, through HTTP against the embedded stack: the local SES stand-in
 * keeps every mail (`GET <mailboxUrl>/store`) and the local simulator publishes SES events through
 * the same handler as on AWS.
 */
interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename: string; contentType: string; size: number; content: string }[];
}

async function mailbox(): Promise<StoredMail[]> {
  const res = await fetch(`${stack().mailboxUrl}/store`);
  return ((await res.json()) as { emails: StoredMail[] }).emails;
}

const invoiceLines = [
  { description: 'Entretien annuel chaudière', quantity: 1, unitPriceCents: 15_000, vatRate: 10 },
  { description: 'Joint de porte foyer', quantity: 2, unitPriceCents: 1_250, vatRate: 20 },
];

describe('the four send buttons, end to end (seeded organisation, secondary contacts on)', () => {
  const tag = Date.now().toString(36);
  let token: string;
  let admin: { email: string; password: string; firstName: string; lastName: string };
  let clientId: string;
  let documentId: string;
  let path: string;
  const emails = {
    main: `principal-${tag}@boulangerie-exemple.fr`,
    site: `site-${tag}@boulangerie-exemple.fr`,
    contact: `compta-${tag}@boulangerie-exemple.fr`,
    other: `achats-${tag}@boulangerie-exemple.fr`,
  };
  let contactId: string;
  let otherId: string;
  let noEmailId: string;

  beforeAll(async () => {
    const [dupont] = orgs();
    admin = dupont.users.find((u) => u.role === 'admin')!;
    token = (await signIn(admin.email, admin.password)).accessToken;
    const client = await newClient(dupont.apiKey, `Boulangerie Exemple ${tag}`, {
      mainContact: { civility: 'mrs', firstName: 'Sophie', lastName: 'Martin', email: emails.main },
    });
    clientId = client.id;
    const address = await newAddress(dupont.apiKey, clientId, 'Boutique Montmartre', {
      siteContact: { firstName: 'Julien', lastName: 'Roche', email: emails.site },
    });
    contactId = (
      await newContact(dupont.apiKey, clientId, { firstName: 'Camille', lastName: 'Lefèvre', email: emails.contact, addressId: null })
    ).id;
    otherId = (
      await newContact(dupont.apiKey, clientId, { firstName: 'Hugo', lastName: 'Bernard', email: emails.other, addressId: address.id })
    ).id;
    noEmailId = (await newContact(dupont.apiKey, clientId, { firstName: 'Grégoire', lastName: 'Œillet' })).id;
    const invoice = await ok(
      201,
      api(token, 'POST', `/clients/${clientId}/documents`, {
        type: 'invoice',
        title: 'Entretien',
        addressId: address.id,
        contactId,
        lines: invoiceLines,
      }),
    );
    documentId = invoice.body.id;
    path = `/clients/${clientId}/documents/${documentId}`;
    // Valider: an invoice is sent once issued.
    await ok(200, api(token, 'POST', `${path}/issue`));
  });

  it('lists the recipients: main, address, the document’s contact first, self; the one without email disabled', async () => {
    const { body } = await ok(200, api(token, 'GET', `${path}/recipients`));
    expect(body.mainContact).toEqual({
      kind: 'main',
      contactId: null,
      name: 'Sophie Martin',
      email: emails.main,
      available: true,
      reason: null,
    });
    expect(body.addressContact).toEqual({
      kind: 'address',
      contactId: null,
      name: 'Julien Roche',
      email: emails.site,
      available: true,
      reason: null,
    });
    expect(body.documentContact).toEqual({
      kind: 'contact',
      contactId,
      name: 'Camille Lefèvre',
      email: emails.contact,
      available: true,
      reason: null,
    });
    expect(body.contacts.map((c: { contactId: string }) => c.contactId)).toEqual([contactId, otherId, noEmailId]);
    expect(body.contacts[2]).toMatchObject({ name: 'Grégoire Œillet', email: null, available: false, reason: 'no_email' });
    expect(body.self).toMatchObject({ kind: 'self', email: admin.email, available: true });
    // An API key has no mailbox of its own.
    expect((await ok(200, api(orgs()[0].apiKey, 'GET', `${path}/recipients`))).body.self).toBeNull();
  });

  it('sends to each of the four, with the PDF attached; the history shows four sends reaching delivered', async () => {
    const targets = [
      { ref: { kind: 'main' }, email: emails.main },
      { ref: { kind: 'address' }, email: emails.site },
      { ref: { kind: 'contact', contactId: otherId }, email: emails.other },
      { ref: { kind: 'self' }, email: admin.email },
    ];
    const sent: { id: string; messageId: string; subject: string }[] = [];
    for (const t of targets) {
      const answer = await ok(201, api(token, 'POST', `${path}/sends`, { to: [t.ref] }, { 'idempotency-key': `e2e-${tag}-${t.ref.kind}` }));
      expect(answer.ddbRequests).toBeLessThanOrEqual(4);
      expect(answer.body).toMatchObject({
        documentId,
        clientId,
        status: 'sent',
        messageId: expect.any(String),
        error: null,
        events: [],
        to: [{ kind: t.ref.kind, email: t.email }],
        cc: [],
        sentBy: { userId: expect.any(String), apiKeyId: null, name: `${admin.firstName} ${admin.lastName}` },
      });
      expect(answer.body.subject).toMatch(/^Facture F-\d{4}-\d{4,} — Dupont Chauffage & Fils$/);
      sent.push(answer.body);
    }

    const all = await mailbox();
    for (const [i, t] of targets.entries()) {
      const send = at(sent, i, 'sends');
      const mail = all.find((m) => m.messageId === send.messageId)!;
      expect(mail, t.email).toBeDefined();
      expect(mail.destination.to).toHaveLength(1);
      expect(mail.destination.to[0]).toContain(t.email);
      expect(mail.from).toContain('no-reply@carnet.localhost');
      expect(mail.from).toContain('Dupont Chauffage & Fils');
      expect(mail.replyTo[0]).toContain(admin.email);
      expect(mail.body.text).toContain(send.subject.replace(/^Facture (\S+) — .*$/, '$1'));
      expect(mail.attachments).toHaveLength(1);
      const attachment = at(mail.attachments, 0, 'attachments');
      expect(attachment).toMatchObject({ filename: `${send.subject.split(' ')[1]}.pdf`, contentType: 'application/pdf' });
      expect(Buffer.from(attachment.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    }

    const history = await until(
      'four delivered sends',
      () => api(token, 'GET', `${path}/sends`),
      (a) => a.body.items?.length === 4 && a.body.items.every((s: { status: string }) => s.status === 'delivered'),
    );
    expect(history.ddbRequests).toBe(1);
    expect(history.body.items.map((s: { id: string }) => s.id)).toEqual(sent.map((s) => s.id).reverse());
    for (const s of history.body.items) {
      expect(s.events.map((e: { type: string }) => e.type)).toEqual(['Send', 'Delivery']);
      expect(s.events[1].email).toBe(s.to[0].email.toLowerCase());
    }
  });

  it('refuses a recipient without email (422 recipient_has_no_email) and a contact of another client (422)', async () => {
    const ours = async () =>
      (await mailbox()).filter((m) => m.destination.to.some((t) => t.includes(`-${tag}@`) || t.includes(admin.email))).length;
    const before = await ours();
    const noEmail = await api(token, 'POST', `${path}/sends`, { to: [{ kind: 'contact', contactId: noEmailId }] });
    expectProblem(noEmail, 422, 'unprocessable');
    expect(noEmail.body).toMatchObject({ reason: 'recipient_has_no_email', errors: [{ path: 'to.0' }] });
    const viaKey = await api(orgs()[0].apiKey, 'POST', `${path}/sends`, { to: [{ kind: 'self' }] });
    expect(viaKey.body.reason).toBe('recipient_has_no_email');
    const stranger = await api(token, 'POST', `${path}/sends`, { to: [{ kind: 'contact', contactId: 'NOT-A-CONTACT' }] });
    expect(stranger.body).toMatchObject({ status: 422, reason: 'invalid_reference' });
    // Raw addresses are not accepted, and a subject cannot carry a header.
    expectProblem(await api(token, 'POST', `${path}/sends`, { to: [{ kind: 'main', email: 'x@evil.com' }] }), 400, 'invalid_request');
    expectProblem(
      await api(token, 'POST', `${path}/sends`, { to: [{ kind: 'main' }], subject: 'Hi\r\nBcc: x@evil.com' }),
      400,
      'invalid_request',
    );
    expect(await ours()).toBe(before);
  });

  it('a subject and a message of the sender’s own, HTML-escaped', async () => {
    const answer = await ok(
      201,
      api(token, 'POST', `${path}/sends`, {
        to: [{ kind: 'main' }],
        cc: [{ kind: 'self' }],
        subject: 'Votre facture « été » <urgent>',
        message: 'Merci <b>beaucoup</b> & à bientôt',
      }),
    );
    const mail = (await mailbox()).find((m) => m.messageId === answer.body.messageId)!;
    expect(mail.subject).toBe('Votre facture « été » <urgent>');
    expect(mail.destination.cc[0]).toContain(admin.email);
    expect(mail.body.text).toContain('Merci <b>beaucoup</b> & à bientôt');
    expect(mail.body.html).toContain('Merci &lt;b&gt;beaucoup&lt;/b&gt; &amp; à bientôt');
    expect(mail.body.html).not.toContain('<b>beaucoup');
  });
});

describe('bounces and complaints (the SES mailbox simulator addresses)', () => {
  it('marks the send bounced or complained, and recipients then reports the address unavailable', async () => {
    const org = await newOrganization(unique('Rebonds SARL'), { secondaryContacts: true });
    const client = await newClient(org.apiKey, 'Client des rebonds', {
      mainContact: { lastName: 'Rebond', email: 'bounce@simulator.amazonses.com' },
    });
    const address = await newAddress(org.apiKey, client.id, 'Site', {
      siteContact: { lastName: 'Plainte', email: 'complaint@simulator.amazonses.com' },
    });
    const quote = await ok(
      201,
      api(org.apiKey, 'POST', `/clients/${client.id}/documents`, { type: 'quote', addressId: address.id, lines: invoiceLines }),
    );
    const path = `/clients/${client.id}/documents/${quote.body.id}`;
    await ok(200, api(org.apiKey, 'POST', `${path}/issue`));
    const bounced = await ok(201, api(org.apiKey, 'POST', `${path}/sends`, { to: [{ kind: 'main' }] }));
    const complained = await ok(201, api(org.apiKey, 'POST', `${path}/sends`, { to: [{ kind: 'address' }] }));
    expect(bounced.body.subject).toMatch(/^Devis D-/);

    const history = await until(
      'bounced and complained',
      () => api(org.apiKey, 'GET', `${path}/sends`),
      (a) => a.body.items?.[0]?.status === 'complained' && a.body.items?.[1]?.status === 'bounced',
    );
    const [c, b] = history.body.items;
    expect(c.id).toBe(complained.body.id);
    expect(b.id).toBe(bounced.body.id);
    expect(b.events.map((e: { type: string }) => e.type)).toEqual(['Send', 'Bounce']);
    expect(b.events[1]).toMatchObject({ email: 'bounce@simulator.amazonses.com', detail: expect.stringContaining('Permanent') });
    expect(c.events.map((e: { type: string }) => e.type)).toEqual(['Send', 'Delivery', 'Complaint']);

    const recipients = await until(
      'suppressions',
      () => api(org.apiKey, 'GET', `${path}/recipients`),
      (a) => a.body.addressContact?.available === false,
    );
    expect(recipients.body.mainContact).toMatchObject({ available: false, reason: 'bounced' });
    expect(recipients.body.addressContact).toMatchObject({ available: false, reason: 'complained' });
    const again = await api(org.apiKey, 'POST', `${path}/sends`, { to: [{ kind: 'main' }] });
    expectProblem(again, 422, 'unprocessable');
    expect(again.body).toMatchObject({ reason: 'recipient_has_no_email', errors: [{ path: 'to.0' }] });
  });
});

describe('Idempotency-Key', () => {
  it('twenty concurrent identical POSTs send one email and record one send; another body answers 422', async () => {
    const org = await newOrganization(unique('Idempotence SA'), { secondaryContacts: false });
    const email = `idem-${Date.now().toString(36)}@exemple.fr`;
    const client = await newClient(org.apiKey, 'Client idempotent', { mainContact: { lastName: 'Unique', email } });
    const site = await newAddress(org.apiKey, client.id, 'Siège');
    const invoice = await newIssuedDocument(org.apiKey, client.id, { type: 'invoice', addressId: site.id, lines: invoiceLines });
    const path = `/clients/${client.id}/documents/${invoice.id}`;
    const key = { 'idempotency-key': `twenty-${Date.now()}` };
    const body = { to: [{ kind: 'main' }], message: 'Une seule fois' };
    const answers = await Promise.all(Array.from({ length: 20 }, () => api(org.apiKey, 'POST', `${path}/sends`, body, key)));
    const created = answers.filter((a) => a.status === 201);
    expect(
      answers.every((a) => a.status === 201 || a.status === 409),
      JSON.stringify(answers.map((a) => a.status)),
    ).toBe(true);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    for (const conflict of answers.filter((a) => a.status === 409)) expect(conflict.body.code).toBe('conflict');

    // Once finished, the same key and body answer the first answer again, and send nothing.
    const replay = await ok(201, api(org.apiKey, 'POST', `${path}/sends`, { message: 'Une seule fois', to: [{ kind: 'main' }] }, key));
    expect(replay.body.id).toBe(at(created, 0, 'created sends').body.id);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const reused = await api(org.apiKey, 'POST', `${path}/sends`, { to: [{ kind: 'main' }], message: 'Autre chose' }, key);
    expectProblem(reused, 422, 'unprocessable');
    expect(reused.body.reason).toBe('idempotency_key_reused');

    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await mailbox()).filter((m) => m.destination.to.some((t) => t.includes(email)))).toHaveLength(1);
    expect((await ok(200, api(org.apiKey, 'GET', `${path}/sends`))).body.items).toHaveLength(1);
  });
});

describe('with the secondary contacts module off', () => {
  it('offers no contacts, and refuses to send to one (409 module_disabled)', async () => {
    const netazur = orgs()[1];
    const clients = (await ok(200, api(netazur.apiKey, 'GET', '/clients?q=Clinique'))).body.items;
    const clinic = clients[0];
    const invoice = await ok(201, api(netazur.apiKey, 'POST', `/clients/${clinic.id}/documents`, { type: 'invoice', lines: invoiceLines }));
    const path = `/clients/${clinic.id}/documents/${invoice.body.id}`;
    const recipients = (await ok(200, api(netazur.apiKey, 'GET', `${path}/recipients`))).body;
    expect(recipients.contacts).toEqual([]);
    expect(recipients.documentContact).toBeNull();
    expect(recipients.mainContact).toMatchObject({ available: true, email: 'services.generaux@clinique-saint-eloi.fr' });
    expect(recipients.addressContact).toMatchObject({ available: false, reason: 'no_address' });
    expectProblem(
      await api(netazur.apiKey, 'POST', `${path}/sends`, { to: [{ kind: 'contact', contactId: 'x' }] }),
      409,
      'module_disabled',
    );
    // Cleaned up so the seeded client can still be deleted by others' tests.
    expect((await api(netazur.apiKey, 'DELETE', path)).status).toBe(204);
  });
});
