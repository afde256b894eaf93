/**
 * The web app end to end, in Debian's Chromium against the embedded local stack, clicked as a
 * user would (issue 4). The steps build on each other and run in order.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../infra/local/stack';
import { ensureWebBuilt } from '../../infra/local/web-build';
import { axeViolations, launchChromium, selectByText, signIn, type Browser } from './browser';

const root = resolve(import.meta.dirname, '../..');
const SCREENSHOTS = join(root, 'test-results', 'screenshots');

// Unique per run, so that the other organisation's search proves isolation, not absence.
const RUN = Date.now().toString(36).slice(-5);
const CLIENT = `Plomberie Éclair ${RUN}`;
const ADDRESS_A = { label: 'Siège Lyon', line1: '4 rue Mercière', postalCode: '69002', city: 'Lyon' };
const ADDRESS_B = { label: 'Entrepôt Vénissieux', line1: '12 avenue Jean Jaurès', postalCode: '69200', city: 'Vénissieux' };
const CONTACT_A = { firstName: 'Alice', lastName: 'Aubert', email: `alice.${RUN}@eclair.example.fr`, address: ADDRESS_A.label };
const CONTACT_B = { firstName: 'Bruno', lastName: 'Bastide', email: `bruno.${RUN}@eclair.example.fr`, address: ADDRESS_B.label };
const CONTACT_C = { firstName: 'Chloé', lastName: 'Carré', email: `chloe.${RUN}@eclair.example.fr`, address: null };

let stack: LocalStack;
let browser: Browser;
let page: Page;
let dataDir: string;
let clientUrl = '';
let temporaryPassword = '';
const INVITED = `ines.${RUN}@dupont-chauffage.example.fr`;
const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

async function waitForStatus(text: string): Promise<void> {
  await page.getByRole('status').filter({ hasText: text }).first().waitFor();
}

describe('the web app in Chromium', () => {
  beforeAll(async () => {
    ensureWebBuilt(() => undefined);
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'carnet-e2e-'));
    stack = await startLocalStack({ dataDir, ports: 'free', seed: true });
    browser = await launchChromium();
    page = browser.page;
    page.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  beforeEach(({ task, onTestFailed }) => {
    // A failed step leaves a picture of the page for whoever reads the report.
    onTestFailed(async () => {
      await page
        ?.screenshot({ path: join(SCREENSHOTS, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}.png`), fullPage: true })
        .catch(() => undefined);
    });
  });

  const admin = () => stack.credentials.organizations[0]!.users.find((u) => u.role === 'admin')!;
  const otherAdmin = () => stack.credentials.organizations[1]!.users.find((u) => u.role === 'admin')!;

  it('signs in as the first organisation’s admin and switches the secondary-contacts module on', async () => {
    await signIn(page, stack.webUrl, admin().email, admin().password);
    await screenshot('clients');
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    await nav.getByRole('link', { name: 'Paramètres' }).click();
    const module = page.getByRole('checkbox', { name: 'Contacts secondaires' });
    await module.waitFor();
    if (await module.isChecked()) {
      // Seeded on: switch it off first, so that switching it on is really done here.
      await module.uncheck();
      await nav.getByRole('link', { name: 'Contacts', exact: true }).waitFor({ state: 'detached' });
    }
    await module.check();
    await nav.getByRole('link', { name: 'Contacts', exact: true }).waitFor();
    expect(await module.isChecked()).toBe(true);

    // Invite a member: the temporary password is shown once, for their first sign-in below.
    const users = page.getByRole('region', { name: 'Utilisateurs' });
    await users.getByLabel('Email').fill(INVITED);
    await users.getByLabel('Prénom').fill('Inès');
    await users.getByLabel('Nom', { exact: true }).fill('Invitée');
    await users.getByRole('button', { name: 'Inviter' }).click();
    temporaryPassword = (await users.locator('.notice code').textContent())?.trim() ?? '';
    expect(temporaryPassword.length).toBeGreaterThan(5);
    await users.getByRole('cell', { name: INVITED }).waitFor();
    await screenshot('settings');
  }, 30_000);

  it('creates a client with its main contact, two addresses with site contacts and three secondary contacts', async () => {
    await page.getByRole('link', { name: 'Clients', exact: true }).first().click();
    await page.getByRole('link', { name: 'Nouveau client' }).click();
    await page.getByLabel('Nom du client').fill(CLIENT);
    const main = page.getByRole('group', { name: 'Contact principal' });
    await main.getByLabel('Prénom').fill('Paul');
    await main.getByLabel('Nom', { exact: true }).fill('Perrin');
    // A wrong email first: the API's field error appears at the field and the input is kept.
    await main.getByLabel('Email').fill('paul.perrin@');
    await main.getByLabel('Téléphone').fill('0472000000');
    await page.getByRole('button', { name: 'Créer' }).click();
    await main.getByText('Adresse email invalide.').waitFor();
    expect(await page.getByLabel('Nom du client').inputValue()).toBe(CLIENT);
    await main.getByLabel('Email').fill(`paul.${RUN}@eclair.example.fr`);
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('heading', { level: 1, name: CLIENT }).waitFor();
    clientUrl = page.url();

    const tabs = page.getByRole('navigation', { name: 'Onglets de la fiche client' });
    // "Annuler" forgets what was typed and goes back to the list.
    await tabs.getByRole('link', { name: 'Adresses' }).click();
    await page.getByRole('link', { name: 'Nouvelle adresse' }).click();
    await page.getByLabel('Libellé').fill('Abandonnée');
    await page.getByRole('button', { name: 'Annuler' }).click();
    await page.getByRole('link', { name: 'Nouvelle adresse' }).click();
    expect(await page.getByLabel('Libellé').inputValue()).toBe('');

    // The city comes from the postal code: one file per département, fetched once, when typed.
    const postalFiles: string[] = [];
    const countPostal = (request: { url(): string }) => {
      if (request.url().includes('/postal-codes/')) postalFiles.push(new URL(request.url()).pathname);
    };
    page.on('request', countPostal);
    for (const [address, site] of [
      [ADDRESS_A, { firstName: 'Sam', lastName: 'Sauvage', email: `site-a.${RUN}@eclair.example.fr`, phone: '06 11 22 33 44' }],
      [ADDRESS_B, { firstName: 'Inès', lastName: 'Imbert', email: `site-b.${RUN}@eclair.example.fr`, phone: '06 55 66 77 88' }],
    ] as const) {
      await tabs.getByRole('link', { name: 'Adresses' }).click();
      await page.getByRole('link', { name: 'Nouvelle adresse' }).click();
      await page.getByLabel('Libellé').fill(address.label);
      await page.getByLabel('Adresse', { exact: true }).fill(address.line1);
      await page.getByLabel('Code postal').fill(address.postalCode);
      await expect.poll(() => page.getByLabel('Ville').inputValue()).toBe(address.city);
      const siteContact = page.getByRole('group', { name: "Contact de l'adresse" });
      await siteContact.getByLabel('Prénom').fill(site.firstName);
      await siteContact.getByLabel('Nom', { exact: true }).fill(site.lastName);
      await siteContact.getByLabel('Téléphone').fill(site.phone);
      await siteContact.getByLabel('Email').fill(site.email);
      await page.getByRole('button', { name: 'Créer' }).click();
      await page.getByRole('link', { name: address.label }).waitFor();
    }
    page.off('request', countPostal);
    expect(postalFiles).toEqual(['/postal-codes/69.json']);
    await screenshot('client-addresses');

    for (const contact of [CONTACT_A, CONTACT_B, CONTACT_C]) {
      await tabs.getByRole('link', { name: 'Contacts' }).click();
      await page.getByRole('link', { name: 'Nouveau contact' }).click();
      await page.getByLabel('Prénom').fill(contact.firstName);
      await page.getByLabel('Nom', { exact: true }).fill(contact.lastName);
      await page.getByLabel('Email').fill(contact.email);
      const address = page.getByLabel('Adresse du contact');
      if (contact.address) await selectByText(address, contact.address);
      else {
        await selectByText(address, 'Sans adresse');
        await page.getByText('sera proposé pour toutes les interventions').waitFor();
      }
      await page.getByRole('button', { name: 'Créer' }).click();
      await page.getByRole('link', { name: `${contact.firstName} ${contact.lastName}` }).waitFor();
    }
    const rows = page.getByRole('table', { name: 'Contacts secondaires' }).locator('tbody tr');
    expect(await rows.count()).toBe(3);
    await screenshot('client-contacts');

    // Records link both ways: the address lists its contacts, the contact links its address;
    // phones and emails are links.
    await tabs.getByRole('link', { name: 'Adresses' }).click();
    const card = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: ADDRESS_A.label }) });
    expect(await card.getByRole('link', { name: '06 11 22 33 44' }).getAttribute('href')).toBe('tel:+33611223344');
    expect(await card.getByRole('link', { name: `site-a.${RUN}@eclair.example.fr` }).getAttribute('href')).toBe(
      `mailto:site-a.${RUN}@eclair.example.fr`,
    );
    await card.getByRole('link', { name: ADDRESS_A.label }).click();
    const atAddress = page.locator('.address-contacts');
    await atAddress.getByText('Contacts à cette adresse').waitFor();
    expect((await atAddress.getByRole('link').allTextContents()).filter((l) => !l.includes('@'))).toEqual([
      `${CONTACT_A.firstName} ${CONTACT_A.lastName}`,
    ]);
    await atAddress.getByRole('link', { name: `${CONTACT_A.firstName} ${CONTACT_A.lastName}` }).click();
    await page.getByRole('link', { name: `Fiche adresse : ${ADDRESS_A.label}` }).click();
    await page.getByRole('heading', { name: `Fiche adresse — ${ADDRESS_A.label}` }).waitFor();

    await tabs.getByRole('link', { name: 'Données' }).click();
    await page.getByRole('group', { name: 'Contact principal' }).getByLabel('Prénom').waitFor();
    await screenshot('client-record');
  }, 60_000);

  it('offers, for an intervention at the first address, exactly the contact there and the one without address', async () => {
    const tabs = page.getByRole('navigation', { name: 'Onglets de la fiche client' });
    await tabs.getByRole('link', { name: 'Documents' }).click();
    await page.getByRole('link', { name: 'Nouvelle intervention' }).click();
    const contact = page.getByRole('combobox', { name: 'Contact', exact: true });
    await contact.waitFor();
    await page.getByText("Choisissez d'abord l'adresse de l'intervention.").waitFor();
    await selectByText(page.getByRole('combobox', { name: 'Adresse' }), ADDRESS_A.label);
    await page.waitForFunction(() => {
      const select = [...document.querySelectorAll('select')].find((s) => s.labels?.[0]?.textContent?.trim() === 'Contact');
      return (select?.options.length ?? 0) > 1;
    });
    const options = (await contact.locator('option').allTextContents()).map((o) => o.trim());
    expect(options).toEqual([
      '— Aucun contact —',
      `${CONTACT_A.firstName} ${CONTACT_A.lastName} — à cette adresse`,
      `${CONTACT_C.firstName} ${CONTACT_C.lastName} — sans adresse`,
    ]);
    await selectByText(contact, CONTACT_A.lastName);
    await page.getByLabel("Description de l'intervention").fill('Remplacement du ballon d’eau chaude');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('heading', { name: /^Intervention I-/ }).waitFor();
    expect(await contact.locator('option:checked').textContent()).toContain(CONTACT_A.lastName);
    await screenshot('intervention');
  }, 30_000);

  it('hides then shows the intervention’s Contact field with Options d’affichage, and keeps the choice after reload', async () => {
    const contactField = page.getByRole('combobox', { name: 'Contact', exact: true });
    const toggle = async (on: boolean) => {
      await page.getByRole('button', { name: "Options d'affichage" }).click();
      const box = page.getByRole('checkbox', { name: 'Contact', exact: true });
      const saved = page.waitForResponse((r) => r.url().endsWith('/me/display-options') && r.request().method() === 'PUT');
      if (on) await box.check();
      else await box.uncheck();
      expect((await saved).ok()).toBe(true);
      await page.keyboard.press('Escape');
    };
    await contactField.waitFor();
    await toggle(false);
    await contactField.waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('heading', { name: /^Intervention I-/ }).waitFor();
    await page.getByLabel("Description de l'intervention").waitFor();
    expect(await contactField.count()).toBe(0);
    await toggle(true);
    await contactField.waitFor();
    await page.reload();
    await contactField.waitFor();
  }, 30_000);

  it('creates an invoice with live totals and sends it from the Rapport tab to the four recipients; the history reaches “délivré”', async () => {
    await page.goto(clientUrl + '/documents');
    await page.getByRole('link', { name: 'Nouvelle facture' }).click();
    await selectByText(page.getByRole('combobox', { name: 'Adresse' }), ADDRESS_A.label);
    await selectByText(page.getByRole('combobox', { name: 'Contact', exact: true }), CONTACT_B.lastName);
    const line = page.getByRole('row', { name: 'Ligne 1' });
    await line.getByLabel('Désignation').fill('Entretien chaudière');
    await line.getByLabel('Quantité').fill('2');
    await line.getByLabel('Prix unitaire HT (€)').fill('89,90');
    await line.getByLabel('TVA').selectOption('10');
    const totals = page.locator('.totals');
    await page.waitForFunction(() => document.querySelector('.totals')?.textContent?.includes('197,78'));
    expect(nbsp(await totals.innerText())).toMatch(/Total HT\s+179,80 €\s+TVA\s+17,98 €\s+Total TTC\s+197,78 €/);
    // Enter goes to a new line; an empty unit price is refused at its field, not taken as 0,00 €.
    await line.getByLabel('Prix unitaire HT (€)').press('Enter');
    const second = page.getByRole('row', { name: 'Ligne 2' });
    await second.waitFor();
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('aria-label'))).toBe('Ligne 2');
    await page.keyboard.type('Déplacement');
    await page.getByRole('button', { name: 'Créer' }).click();
    await second.getByText('Champ obligatoire.').waitFor();
    expect(page.url()).toContain('/documents/new');
    await second.getByRole('button', { name: 'Retirer la ligne 2' }).click();
    await second.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Créer' }).click();
    // A draft first, without number; "Valider" issues it.
    await page.getByRole('heading', { name: /^Facture Brouillon/ }).waitFor();
    await page.getByRole('button', { name: 'Valider', exact: true }).click();
    await page.getByRole('heading', { name: /^Facture F-/ }).waitFor();
    await page.getByText(/une facture émise ne peut plus être modifiée/).waitFor();
    const links = page.getByRole('list', { name: 'Fiches liées au document' });
    expect(await links.getByRole('link', { name: CLIENT }).getAttribute('href')).toBe(new URL(clientUrl).pathname);
    expect(await links.getByRole('link', { name: ADDRESS_A.label }).getAttribute('href')).toMatch(/\/addresses\/\w+$/);
    expect(await links.getByRole('link', { name: `${CONTACT_B.firstName} ${CONTACT_B.lastName}` }).getAttribute('href')).toMatch(
      /\/contacts\/\w+$/,
    );

    // The preview is fetched once and stays in place through the sends below (it used to reload).
    const pdfRequests: string[] = [];
    const countPdf = (request: { url(): string }) => {
      if (request.url().endsWith('/pdf')) pdfRequests.push(request.url());
    };
    page.on('request', countPdf);
    await page.getByRole('navigation', { name: 'Onglets du document' }).getByRole('link', { name: 'Rapport' }).click();
    await page.getByRole('heading', { name: 'Envoyer par email' }).waitFor();
    const preview = page.locator('iframe[title^="Aperçu PDF"]');
    await preview.waitFor();
    await preview.evaluate((frame) => {
      frame.dataset.before = 'send';
    });
    const dialog = page.getByRole('dialog', { name: "Confirmer l'envoi" });
    const confirmSend = async () => {
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Envoyer', exact: true }).click();
      await dialog.waitFor({ state: 'hidden' });
      await waitForStatus('Envoi enregistré.');
    };
    await page.getByRole('button', { name: /^Contact principal/ }).click();
    await dialog.getByLabel('Objet du message (facultatif)').fill('Votre facture');
    await confirmSend();
    await page.getByRole('button', { name: /^Contact de l'adresse/ }).click();
    await confirmSend();
    const contacts = page.getByRole('combobox', { name: 'Contacts secondaires' });
    const contactOptions = (await contacts.locator('option').allTextContents()).map((o) => o.trim());
    expect(contactOptions[1]).toContain(CONTACT_B.email); // the document's own contact first
    await selectByText(contacts, CONTACT_A.email);
    await page.getByRole('button', { name: 'Envoyer au contact choisi' }).click();
    await confirmSend();
    await page.getByRole('button', { name: /^À moi-même/ }).click();
    await confirmSend();

    const history = page.getByRole('complementary', { name: 'Historique des envois' });
    await history.locator('li').nth(3).waitFor();
    await page.waitForFunction(
      () => {
        const items = [...document.querySelectorAll('.report__history li')];
        return items.length === 4 && items.every((li) => li.textContent?.includes('délivré'));
      },
      undefined,
      { timeout: 30_000 },
    );
    const text = await history.innerText();
    for (const email of [`paul.${RUN}@eclair.example.fr`, `site-a.${RUN}@eclair.example.fr`, CONTACT_A.email, admin().email]) {
      expect(text).toContain(email);
    }
    page.off('request', countPdf);
    expect(pdfRequests).toHaveLength(1);
    expect(await preview.getAttribute('data-before')).toBe('send');
    await screenshot('invoice-report');
  }, 60_000);

  it('shows the four send actions and the last send’s status without scrolling, on a laptop and on a phone', async () => {
    const reportUrl = page.url();
    const history = page.getByRole('complementary', { name: 'Historique des envois' });
    const targets = [
      page.getByRole('button', { name: /^Contact principal/ }),
      page.getByRole('button', { name: /^Contact de l'adresse/ }),
      page.getByRole('combobox', { name: 'Contacts secondaires' }),
      page.getByRole('button', { name: 'Envoyer au contact choisi' }),
      page.getByRole('button', { name: /^À moi-même/ }),
      history.locator('li').first().locator('.status'),
    ];
    try {
      for (const viewport of [
        { width: 1366, height: 850 },
        { width: 375, height: 800 },
      ]) {
        await page.setViewportSize(viewport);
        await page.goto(reportUrl);
        await history.locator('li').nth(3).waitFor();
        expect(await history.locator('li').first().innerText()).toContain('délivré');
        for (const target of targets) {
          const box = await target.boundingBox();
          const where = `${await target.evaluate((e) => e.textContent?.trim().slice(0, 30))} at ${viewport.width}×${viewport.height}`;
          expect(box, where).not.toBeNull();
          if (!box) continue;
          expect(box.y, where).toBeGreaterThanOrEqual(0);
          expect(box.y + box.height, where).toBeLessThanOrEqual(viewport.height);
          expect(box.x, where).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width, where).toBeLessThanOrEqual(viewport.width);
        }
        expect(await page.evaluate(() => window.scrollY)).toBe(0);
        await page.screenshot({ path: join(SCREENSHOTS, `invoice-report-${viewport.width}.png`) });
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 30_000);

  it('lists an address that bounced in Paramètres → Adresses en échec, and an admin reactivates it', async () => {
    // The bounce itself is made through the API (the SES mailbox simulator's bounce@ address).
    const { apiUrl, organizations } = stack.credentials;
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await fetch(apiUrl + path, {
        method,
        headers: { authorization: `Bearer ${organizations[0]!.apiKey}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as any;
    };
    const bounce = 'bounce@simulator.amazonses.com';
    const client = await call('POST', '/clients', {
      name: `Rebond ${RUN}`,
      kind: 'company',
      mainContact: { lastName: 'Rebond', email: bounce },
    });
    const doc = await call('POST', `/clients/${client.id}/documents`, {
      type: 'quote',
      lines: [{ description: 'Devis', quantity: 1, unitPriceCents: 100, vatRate: 20 }],
    });
    await call('POST', `/clients/${client.id}/documents/${doc.id}/issue`);
    await call('POST', `/clients/${client.id}/documents/${doc.id}/sends`, { to: [{ kind: 'main' }] });
    for (let i = 0; i < 60 && !(await call('GET', '/suppressions')).items.length; i++) await new Promise((r) => setTimeout(r, 200));

    await page.goto(`${stack.webUrl}/settings`);
    const section = page.getByRole('region', { name: 'Adresses en échec' });
    const row = section.getByRole('row').filter({ hasText: bounce });
    await row.waitFor();
    await row.getByRole('button', { name: `Réactiver ${bounce}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Réactiver' });
    await dialog.getByRole('button', { name: 'Réactiver' }).click();
    await section.getByText('Aucune adresse en échec.').waitFor();
    expect((await call('GET', '/suppressions')).items).toEqual([]);
  }, 30_000);

  it('asks for the password again when the session has expired, and keeps what was typed', async () => {
    await page.goto(clientUrl);
    const notes = page.getByLabel('Notes');
    await notes.fill('Tapé juste avant l’expiration de la session');
    // The next API call answers 401 and Cognito refuses the refresh token: the session is over.
    let refused = false;
    await page.route('**/api/v1/**', (route) => {
      if (refused) return route.fallback();
      refused = true;
      return route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401, code: 'unauthorized', detail: 'expired' }),
      });
    });
    await page.route(stack.credentials.cognito.endpoint + '/**', (route) =>
      route.request().postData()?.includes('REFRESH_TOKEN_AUTH')
        ? route.fulfill({
            status: 400,
            contentType: 'application/x-amz-json-1.1',
            body: JSON.stringify({ __type: 'NotAuthorizedException', message: 'Refresh Token has expired' }),
          })
        : route.fallback(),
    );
    try {
      await page.getByRole('button', { name: 'Enregistrer' }).click();
      const again = page.getByRole('dialog', { name: 'Connexion' });
      await again.getByText('Votre session a expiré').waitFor();
      expect(await again.getByLabel('Email').inputValue()).toBe(admin().email);
      await page.unroute(stack.credentials.cognito.endpoint + '/**');
      await again.getByLabel('Mot de passe').fill(admin().password);
      await again.getByRole('button', { name: 'Se connecter' }).click();
      await again.waitFor({ state: 'detached' });
      // The save that was waiting went through with the new token.
      await waitForStatus('Enregistré.');
    } finally {
      await page.unrouteAll({ behavior: 'ignoreErrors' });
    }
    await page.reload();
    expect(await page.getByLabel('Notes').inputValue()).toBe('Tapé juste avant l’expiration de la session');
  }, 30_000);

  it('speaks English on request and remembers it', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await nav.getByRole('link', { name: 'Customers' }).waitFor();
    await page.reload();
    await page.getByRole('navigation', { name: 'Customer record tabs' }).getByRole('link', { name: 'Details' }).waitFor();
    await page.getByRole('button', { name: 'Passer en français' }).click();
    await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Clients' }).waitFor();
  }, 20_000);

  it('has no serious or critical axe-core violation on the main pages', async () => {
    const pages: Array<[string, string, () => Promise<void>]> = [
      ['clients', '/clients', () => page.getByRole('table', { name: 'Liste des clients' }).waitFor()],
      ['client record', new URL(clientUrl).pathname, () => page.getByLabel('Nom du client').waitFor()],
      ['addresses', `${new URL(clientUrl).pathname}/addresses`, () => page.getByRole('link', { name: ADDRESS_A.label }).waitFor()],
      ['contacts', `${new URL(clientUrl).pathname}/contacts`, () => page.getByRole('table', { name: 'Contacts secondaires' }).waitFor()],
      ['directory', '/contacts', () => page.getByRole('table', { name: 'Contacts' }).getByRole('link', { name: CLIENT }).first().waitFor()],
      ['invoices', '/invoices', () => page.getByRole('link', { name: /^F-/ }).first().waitFor()],
      ['settings', '/settings', () => page.getByRole('heading', { name: 'Utilisateurs' }).waitFor()],
    ];
    const found: string[] = [];
    for (const [name, path, ready] of pages) {
      await page.goto(stack.webUrl + path);
      await ready();
      for (const v of await axeViolations(page)) found.push(`${name} → ${v}`);
    }
    await page.goto(stack.webUrl + '/invoices');
    await page.getByRole('link', { name: /^F-/ }).first().click();
    await page.getByRole('navigation', { name: 'Onglets du document' }).getByRole('link', { name: 'Rapport' }).click();
    await page.getByRole('complementary', { name: 'Historique des envois' }).locator('li').first().waitFor();
    for (const v of await axeViolations(page)) found.push(`report → ${v}`);
    await screenshot('invoices-report-again');
    expect(found).toEqual([]);
  }, 60_000);

  it('keeps Interventions highlighted in the menu for an intervention opened from that list', async () => {
    await page.goto(stack.webUrl + '/interventions');
    await page.getByRole('link', { name: /^I-/ }).first().click();
    await page.getByRole('heading', { name: /^Intervention I-/ }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Navigation principale' });
    const highlighted = async (name: string) =>
      nav.getByRole('link', { name, exact: true }).evaluate((a) => a.classList.contains('sidenav__section'));
    expect(await highlighted('Interventions')).toBe(true);
    expect(await highlighted('Clients')).toBe(false);
  }, 20_000);

  it('works with the keyboard alone: search, open the record, open and cancel a send', async () => {
    await page.goto(stack.webUrl + '/clients');
    await page.getByRole('table', { name: 'Liste des clients' }).waitFor();
    await page.keyboard.press('Tab'); // the skip link comes first
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toBe('#main');
    await page.getByLabel('Rechercher un client').focus();
    await page.keyboard.type(CLIENT.slice(0, 12));
    const result = page.getByRole('table', { name: 'Liste des clients' }).getByRole('link', { name: CLIENT });
    await result.waitFor();
    await result.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: CLIENT }).waitFor();
    const tabs = page.getByRole('navigation', { name: 'Onglets de la fiche client' });
    await tabs.getByRole('link', { name: 'Documents' }).focus();
    await page.keyboard.press('Enter');
    const invoice = page.getByRole('link', { name: /^F-/ }).first();
    await invoice.focus();
    await page.keyboard.press('Enter');
    const report = page.getByRole('navigation', { name: 'Onglets du document' }).getByRole('link', { name: 'Rapport' });
    await report.focus();
    await page.keyboard.press('Enter');
    const self = page.getByRole('button', { name: /^À moi-même/ });
    await self.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: "Confirmer l'envoi" });
    await dialog.waitFor();
    // The modal holds the focus; Escape cancels without sending.
    expect(await page.evaluate(() => Boolean(document.activeElement?.closest('dialog')))).toBe(true);
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await page.getByRole('complementary', { name: 'Historique des envois' }).locator('li').count()).toBe(4);
  }, 30_000);

  it('shows the client record on a 375-px-wide phone without horizontal scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 780 });
    try {
      await page.goto(clientUrl);
      await page.getByLabel('Nom du client').waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      await screenshot('client-record-375');
      expect(overflow).toBeLessThanOrEqual(0);
      await page.getByRole('button', { name: 'Menu' }).click();
      await page.getByRole('navigation', { name: 'Navigation principale' }).getByRole('link', { name: 'Clients' }).waitFor();
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  }, 30_000);

  it('keeps its tokens out of localStorage, and signing out revokes the refresh token', async () => {
    const stored = await page.evaluate(() => ({
      local: localStorage.getItem('carnet.session'),
      tab: sessionStorage.getItem('carnet.session'),
    }));
    expect(stored.local).toBeNull();
    const refreshToken = (JSON.parse(stored.tab ?? '{}') as { refreshToken?: string }).refreshToken ?? '';
    expect(refreshToken).not.toBe('');
    const { cognito } = stack.credentials;
    const refresh = () =>
      fetch(cognito.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body: JSON.stringify({
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          ClientId: cognito.clientId,
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      }).then((r) => r.status);
    expect(await refresh()).toBe(200);
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    // The revocation is sent as the sign-out happens; it may land a moment later.
    let status = 200;
    for (let i = 0; i < 25 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 200));
      status = await refresh();
    }
    expect(status).toBe(400);
    expect(await page.evaluate(() => sessionStorage.getItem('carnet.session'))).toBeNull();
    await signIn(page, stack.webUrl, admin().email, admin().password);
  }, 30_000);

  it('an invited user chooses a new password at the first sign-in', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshot('sign-in');
    await page.getByLabel('Email').fill(INVITED);
    await page.getByLabel('Mot de passe').fill(temporaryPassword);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Choisissez un nouveau mot de passe' }).waitFor();
    await page.getByLabel('Nouveau mot de passe').fill('Nouveau-Mot-2026!');
    await page.getByLabel('Confirmez le mot de passe').fill('Nouveau-Mot-2026!');
    await page.getByRole('button', { name: 'Enregistrer et se connecter' }).click();
    await page.getByRole('heading', { level: 1, name: 'Clients' }).waitFor();
    // A member: no Paramètres in the menu.
    expect(await page.getByRole('link', { name: 'Paramètres' }).count()).toBe(0);
  }, 30_000);

  it('the other organisation finds none of it', async () => {
    await page.getByRole('button', { name: 'Se déconnecter' }).click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    await signIn(page, stack.webUrl, otherAdmin().email, otherAdmin().password);
    await page.getByLabel('Rechercher un client').fill(CLIENT.slice(0, 15));
    await page.getByText(/Aucun client ne correspond/).waitFor();
    expect(await page.getByRole('link', { name: CLIENT }).count()).toBe(0);
    await page.goto(clientUrl);
    await page.getByRole('alert').filter({ hasText: "Cet élément n'existe pas ou plus." }).waitFor();
  }, 30_000);
});
