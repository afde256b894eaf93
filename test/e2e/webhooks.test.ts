/**
 * Paramètres → Webhooks in Chromium, against the embedded stack, with a receiver on 127.0.0.1 that
 * verifies each delivery with the secret the screen showed (and copied): add an endpoint for some
 * event types, send a test, read the log, rotate the secret, disable and enable, replay one event
 * and everything since a date; then the same screen in English.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../infra/local/stack';
import { ensureWebBuilt } from '../../infra/local/web-build';
import { type Browser, launchChromium, signIn } from './browser';

interface Delivery {
  id: string;
  type: string;
  objectId: string;
  signatures: number;
  verifiedWith: string[];
}

let stack: LocalStack;
let browser: Browser;
let page: Page;
let dataDir: string;
let receiver: Server;
let hookUrl = '';
const secrets: string[] = [];
const received: Delivery[] = [];

async function until<T>(what: string, read: () => T | Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

describe('Paramètres → Webhooks in Chromium', () => {
  beforeAll(async () => {
    ensureWebBuilt(() => undefined);
    dataDir = mkdtempSync(join(tmpdir(), 'carnet-e2e-webhooks-'));
    stack = await startLocalStack({ dataDir, ports: 'free', seed: true });
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const headers = req.headers as Record<string, string>;
        const verifiedWith = secrets.filter((s) => {
          try {
            new Webhook(s).verify(body, headers);
            return true;
          } catch {
            return false;
          }
        });
        const event = JSON.parse(body);
        received.push({
          id: String(headers['webhook-id']),
          type: event.type,
          objectId: event.data.object.id,
          signatures: String(headers['webhook-signature']).split(' ').length,
          verifiedWith,
        });
        res.writeHead(verifiedWith.length ? 200 : 400).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/carnet`;
    browser = await launchChromium();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.webUrl });
    page = browser.page;
    page.setDefaultTimeout(10_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    receiver?.closeAllConnections();
    receiver?.close();
    await stack?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const admin = () => {
    const user = stack.credentials.organizations[0]?.users.find((u) => u.role === 'admin');
    if (!user) throw new Error('no seeded admin');
    return user;
  };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(stack.credentials.apiUrl + path, {
      method,
      headers: { authorization: `Bearer ${stack.credentials.organizations[0]?.apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as any;
  };

  it('adds an endpoint for chosen events, shows its secret once with a copy button, and sends a test event', async () => {
    await signIn(page, stack.webUrl, admin().email, admin().password);
    await page.goto(`${stack.webUrl}/settings`);
    const section = page.getByRole('region', { name: 'Webhooks' });
    await section.getByLabel('URL de réception').fill(hookUrl);
    await section.getByRole('checkbox', { name: 'Tous les événements' }).uncheck();
    await section.getByRole('checkbox', { name: 'client.created' }).check();
    await section.getByRole('checkbox', { name: 'client.updated' }).check();
    await section.getByRole('button', { name: 'Ajouter le webhook' }).click();

    const secretBox = section.getByRole('status').filter({ hasText: 'Copiez ce secret maintenant' });
    const secret = (await secretBox.locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    await secretBox.getByRole('button', { name: 'Copier le secret' }).click();
    await secretBox.getByRole('button', { name: 'Copié' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    secrets.push(secret);

    const row = section.getByRole('row').filter({ hasText: hookUrl });
    await row.getByText('client.created, client.updated').waitFor();
    await row.getByText('actif').waitFor();
    // Shown once: after a reload the secret is nowhere on the page.
    await page.reload();
    await section.getByRole('row').filter({ hasText: hookUrl }).waitFor();
    expect(await page.content()).not.toContain(secret);

    await section.getByRole('button', { name: `Envoyer un événement de test à ${hookUrl}` }).click();
    await section.getByText('Événement de test envoyé').waitFor();
    const log = section.getByRole('region', { name: `Journal des envois vers ${hookUrl}` });
    const testRow = log.getByRole('row').filter({ hasText: 'webhook.test' });
    await testRow.getByText('réussi').waitFor();
    await testRow.getByText('200', { exact: true }).waitFor();
    expect(received.find((d) => d.type === 'webhook.test')?.verifiedWith).toEqual([secret]);
  }, 60_000);

  it('logs the changes it subscribes to, replays one and everything since a date', async () => {
    const client = await call('POST', '/clients', { name: 'Client du webhook', kind: 'company' });
    await call('PATCH', `/clients/${client.id}`, { notes: 'Modifié' });
    const section = page.getByRole('region', { name: 'Webhooks' });
    const log = section.getByRole('region', { name: `Journal des envois vers ${hookUrl}` });
    // Delivered (the receiver has both), then the log is asked again.
    await until(
      'both deliveries at the receiver',
      () => received.filter((d) => d.objectId === client.id).map((d) => d.type),
      (types) => types.includes('client.created') && types.includes('client.updated'),
    );
    // The dispatcher writes the delivery just after the receiver's answer: ask until it shows.
    const updatedRow = log.getByRole('row').filter({ hasText: 'client.updated' }).getByText('réussi');
    await until(
      'the delivery in the log',
      async () => {
        await log.getByRole('button', { name: 'Actualiser' }).click();
        return updatedRow.waitFor({ timeout: 1000 }).then(
          () => true,
          () => false,
        );
      },
      Boolean,
    );
    const created = log.getByRole('row').filter({ hasText: 'client.created' });
    await created.getByText('réussi').waitFor();

    const before = received.filter((d) => d.type === 'client.created' && d.objectId === client.id).length;
    await created.getByRole('button', { name: 'Rejouer client.created' }).click();
    const dialog = page.getByRole('dialog', { name: 'Rejouer' });
    await dialog.getByText(`Renvoyer l'événement client.created à ${hookUrl} ?`).waitFor();
    await dialog.getByRole('button', { name: 'Rejouer' }).click();
    await until(
      'the replayed event',
      () => received.filter((d) => d.type === 'client.created' && d.objectId === client.id).length,
      (n) => n > before,
    );

    const since = new Date(Date.now() - 10 * 60_000);
    // The browser runs in Europe/Paris: type the date as its clock reads it.
    const paris = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'short' })
      .format(since)
      .replace(' ', 'T');
    await log.getByLabel('Rejouer les événements depuis').fill(paris);
    await log.getByRole('button', { name: 'Rejouer depuis cette date' }).click();
    // Its client.created and client.updated (the seed's older events are not this endpoint's types or time).
    await log.getByText(/événement\(s\) renvoyé\(s\)/).waitFor();
    expect(await log.getByText(/événement\(s\) renvoyé\(s\)/).textContent()).toMatch(/^[2-9]\d* /);
  }, 60_000);

  it('rotates the secret (both sign for 24 h), and a disabled endpoint receives nothing until enabled', async () => {
    const section = page.getByRole('region', { name: 'Webhooks' });
    await section.getByRole('button', { name: `Nouveau secret pour ${hookUrl}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Nouveau secret' });
    await dialog.getByText("L'ancien restera valable 24 heures").waitFor();
    await dialog.getByRole('button', { name: 'Nouveau secret' }).click();
    const secretBox = section.getByRole('status').filter({ hasText: 'Copiez ce secret maintenant' });
    const rotated = (await secretBox.locator('code').textContent()) ?? '';
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secrets[0]);
    secrets.push(rotated);

    await section.getByRole('button', { name: `Désactiver ${hookUrl}` }).click();
    await section.getByRole('row').filter({ hasText: hookUrl }).getByText('désactivé').waitFor();
    const client = await call('POST', '/clients', { name: 'Pendant la pause', kind: 'company' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(received.some((d) => d.objectId === client.id)).toBe(false);
    const log = section.getByRole('region', { name: `Journal des envois vers ${hookUrl}` });
    await log.getByRole('button', { name: 'Actualiser' }).click();
    await log.getByRole('row').filter({ hasText: 'client.created' }).first().getByText('en attente').waitFor();

    await section.getByRole('button', { name: `Activer ${hookUrl}` }).click();
    const delivered = await until(
      'the change made while disabled',
      () => received.find((d) => d.objectId === client.id),
      (d) => d !== undefined,
    );
    // Signed with both secrets during the rotation's 24 h.
    expect(delivered?.signatures).toBe(2);
    expect(delivered?.verifiedWith.sort()).toEqual([...secrets].sort());
    await log.getByRole('row').filter({ hasText: 'client.created' }).first().getByText('réussi').waitFor();
  }, 60_000);

  it('speaks English', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.goto(`${stack.webUrl}/settings`);
    const section = page.getByRole('region', { name: 'Webhooks' });
    await section.getByLabel('Receiving URL').waitFor();
    await section.getByRole('button', { name: `Send a test event to ${hookUrl}` }).waitFor();
    await section.getByRole('button', { name: `New secret for ${hookUrl}` }).waitFor();
    await section.getByRole('button', { name: `Delivery log of ${hookUrl}` }).click();
    await section
      .getByRole('region', { name: `Delivery log of ${hookUrl}` })
      .getByRole('columnheader', { name: 'Next attempt' })
      .waitFor();
    await page.getByRole('button', { name: 'Passer en français' }).click();
  }, 30_000);
});
