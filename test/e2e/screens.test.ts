/**
 * A walk through every screen of the web app in Chromium, at 1366 px (a laptop) and 375 px (a
 * phone), each screenshot saved to test-results/screenshots/screens/ for a person to look at
 * (issue 15), with axe-core's serious and critical violations collected on the way. The data is
 * the seed plus one invoice, one quote and one intervention made through the API.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../infra/local/stack';
import { ensureWebBuilt } from '../../infra/local/web-build';
import { axeViolations, type Browser, launchChromium, signIn } from './browser';

const root = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = join(root, 'test-results', 'screenshots', 'screens');
const WIDTHS = [
  { width: 1366, height: 850 },
  { width: 375, height: 800 },
];

let stack: LocalStack;
let browser: Browser;
let page: Page;
let dataDir: string;

interface Screen {
  name: string;
  path: string;
  ready: (page: Page) => Promise<unknown>;
}
const screens: Screen[] = [];

describe('every screen at 1366 px and 375 px', () => {
  beforeAll(async () => {
    ensureWebBuilt(() => undefined);
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'carnet-screens-'));
    stack = await startLocalStack({ dataDir, ports: 'free', seed: true });
    const org = stack.credentials.organizations[0];
    if (!org) throw new Error('no seeded organisation');
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(stack.credentials.apiUrl + path, {
        method,
        headers: { authorization: `Bearer ${org.apiKey}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${await res.text()}`);
      return res.json();
    };
    const clients = (await call('GET', '/clients')).items as { id: string; name: string }[];
    const client = clients.find((c) => c.name === 'Boulangerie Martin') ?? clients[0];
    if (!client) throw new Error('no seeded client');
    const overview = await call('GET', `/clients/${client.id}/overview`);
    const address = overview.addresses[0];
    const contact = overview.contacts.find((c: { addressId: string | null }) => c.addressId === address.id) ?? overview.contacts[0];
    const lines = [
      { description: 'Entretien annuel du four à sole', quantity: 1, unitPriceCents: 18000, vatRate: 20 },
      { description: 'Remplacement du joint de porte (pièce et main-d’œuvre)', quantity: 2, unitPriceCents: 4550, vatRate: 20 },
    ];
    const invoiceDraft = await call('POST', `/clients/${client.id}/documents`, {
      type: 'invoice',
      addressId: address.id,
      contactId: contact?.id ?? null,
      lines,
    });
    // Issued (Valider) before it is sent, as the office does.
    const invoice = await call('POST', `/clients/${client.id}/documents/${invoiceDraft.id}/issue`);
    await call('POST', `/clients/${client.id}/documents/${invoice.id}/sends`, { to: [{ kind: 'main' }] });
    const quoteDraft = await call('POST', `/clients/${client.id}/documents`, { type: 'quote', addressId: address.id, lines });
    const quote = await call('POST', `/clients/${client.id}/documents/${quoteDraft.id}/issue`);
    const intervention = await call('POST', `/clients/${client.id}/documents`, {
      type: 'intervention',
      addressId: address.id,
      contactId: contact?.id ?? null,
      lines: [],
      intervention: {
        start: '2026-12-07T09:00:00.000Z',
        end: '2026-12-07T10:00:00.000Z',
        technicianUserId: null,
        description: 'Four qui ne chauffe plus',
        report: null,
      },
    });
    const c = `/clients/${client.id}`;
    const heading = (name: string | RegExp, level?: number) => (p: Page) => p.getByRole('heading', { name, level }).first().waitFor();
    screens.push(
      { name: 'clients', path: '/clients', ready: (p) => p.getByRole('link', { name: client.name }).first().waitFor() },
      { name: 'client-new', path: '/clients/new', ready: (p) => p.getByLabel('Nom du client').waitFor() },
      { name: 'client-details', path: c, ready: (p) => p.getByLabel('Nom du client').waitFor() },
      { name: 'client-contacts', path: `${c}/contacts`, ready: (p) => p.getByRole('table', { name: 'Contacts secondaires' }).waitFor() },
      { name: 'client-addresses', path: `${c}/addresses`, ready: (p) => p.getByRole('link', { name: address.label }).first().waitFor() },
      { name: 'address-record', path: `${c}/addresses/${address.id}`, ready: heading(/^Fiche adresse/) },
      { name: 'address-new', path: `${c}/addresses/new`, ready: (p) => p.getByLabel('Code postal').waitFor() },
      { name: 'contact-record', path: `${c}/contacts/${contact.id}`, ready: heading(/^Fiche contact/) },
      { name: 'client-documents', path: `${c}/documents`, ready: (p) => p.getByRole('link', { name: invoice.number }).waitFor() },
      { name: 'invoice', path: `${c}/documents/${invoice.id}`, ready: heading(`Facture ${invoice.number}`) },
      {
        name: 'invoice-report',
        path: `${c}/documents/${invoice.id}/report`,
        ready: (p) => p.getByRole('complementary', { name: 'Historique des envois' }).locator('li').first().waitFor(),
      },
      { name: 'quote', path: `${c}/documents/${quote.id}`, ready: heading(`Devis ${quote.number}`) },
      { name: 'intervention', path: `${c}/documents/${intervention.id}`, ready: heading(`Intervention ${intervention.number}`) },
      { name: 'invoice-new', path: `${c}/documents/new?type=invoice`, ready: (p) => p.getByRole('row', { name: 'Ligne 1' }).waitFor() },
      { name: 'directory', path: '/contacts', ready: (p) => p.getByRole('table', { name: 'Contacts' }).waitFor() },
      { name: 'interventions', path: '/interventions', ready: (p) => p.getByRole('link', { name: intervention.number }).waitFor() },
      { name: 'invoices', path: '/invoices', ready: (p) => p.getByRole('link', { name: invoice.number }).waitFor() },
      { name: 'quotes', path: '/quotes', ready: (p) => p.getByRole('link', { name: quote.number }).waitFor() },
      { name: 'settings', path: '/settings', ready: (p) => p.getByRole('heading', { name: 'Utilisateurs' }).waitFor() },
    );
    browser = await launchChromium(WIDTHS[0]);
    page = browser.page;
    page.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('shows each screen without horizontal scrolling or a serious axe-core violation, and saves its picture', async () => {
    const admin = stack.credentials.organizations[0]?.users.find((u) => u.role === 'admin');
    if (!admin) throw new Error('no seeded admin');
    await page.goto(stack.webUrl + '/clients');
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    const problems: string[] = [];
    for (const viewport of WIDTHS) {
      await page.setViewportSize(viewport);
      await page.screenshot({ path: join(SCREENSHOTS, `sign-in-${viewport.width}.png`), fullPage: true });
    }
    for (const v of await axeViolations(page)) problems.push(`sign-in → ${v}`);
    await signIn(page, stack.webUrl, admin.email, admin.password);
    for (const viewport of WIDTHS) {
      await page.setViewportSize(viewport);
      for (const screen of screens) {
        await page.goto(stack.webUrl + screen.path);
        await screen.ready(page);
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: join(SCREENSHOTS, `${screen.name}-${viewport.width}.png`), fullPage: true });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        if (overflow > 0) problems.push(`${screen.name} at ${viewport.width} px → scrolls sideways by ${overflow} px`);
        for (const v of await axeViolations(page)) problems.push(`${screen.name} at ${viewport.width} px → ${v}`);
      }
    }
    expect(problems).toEqual([]);
  }, 240_000);
});
