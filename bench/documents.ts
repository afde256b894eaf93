/**
 * Documents and sending (issue 3): PDF render time for a 1-page and a 10-page invoice, DynamoDB
 * requests per send and per history read (from the `x-carnet-ddb-requests` header), and sends per
 * second to the local SES stand-in at 10 concurrent, with latency percentiles. Starts its own
 * embedded stack in a temporary directory.
 *
 *   npx tsx bench/documents.ts          (or `npm run bench documents`)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderDocumentPdf, type PdfInput } from '../functions/documents/pdf';
import { documentTotals } from '../shared/money';
import type { Document } from '../shared/documents';
import { startLocalStack, type LocalStack } from '../infra/local/stack';
import { at } from '../shared/at';
import { percentile, pool, round, sortedCopy } from './stats';
import type { Answer } from './answers';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'silent';
// The figures come from the x-carnet-ddb-* headers, which only this flag turns on (local stage).
process.env.CARNET_DDB_HEADERS ??= '1';

const SENDS = Number(process.env.BENCH_SENDS ?? 200);
const IN_FLIGHT = 10;

function summary(samples: number[]) {
  const sorted = sortedCopy(samples);
  return { median: round(percentile(sorted, 50)), p99: round(percentile(sorted, 99)), max: round(percentile(sorted, 100)) };
}

function invoice(lineCount: number): PdfInput {
  const lines = Array.from({ length: lineCount }, (_, i) => ({
    description: `Entretien chaudière, pièce n° ${i + 1}${i % 7 === 0 ? ' — remplacement du cœur de chauffe et réglage complet du brûleur' : ''}`,
    quantity: 1 + (i % 3) * 0.5,
    unitPriceCents: 12_345 + i,
    vatRate: i % 2 ? 20 : 5.5,
  }));
  const document: Document = {
    id: 'bench',
    clientId: 'bench',
    type: 'invoice',
    number: 'F-2026-0001',
    status: 'issued',
    issuedAt: '2026-11-27T09:00:00.000Z',
    dueDate: '2026-12-27',
    validUntil: null,
    creditedDocumentId: null,
    creditedNumber: null,
    quoteId: null,
    invoiceId: null,
    sendStatus: null,
    title: 'Contrat d’entretien annuel',
    date: '2026-11-27',
    addressId: null,
    contactId: null,
    lines,
    totals: documentTotals(lines),
    intervention: null,
    version: 1,
    createdAt: '',
    updatedAt: '',
  };
  return {
    organizationName: 'Dupont Chauffage & Fils',
    document,
    client: {
      name: 'Boulangerie Martin',
      mainContact: { firstName: 'Sophie', lastName: 'Martin', email: 'sophie.martin@boulangerie-martin.fr', phone: '01 42 68 53 00' },
    },
    address: {
      label: 'Boutique Montmartre',
      line1: '12 rue Lepic',
      line2: null,
      postalCode: '75018',
      city: 'Paris',
      country: 'FR',
      siteContact: { firstName: 'Julien', lastName: 'Roche', email: null, phone: null },
    },
    contact: null,
  };
}

async function renderTimes(input: PdfInput, runs: number) {
  for (let i = 0; i < 5; i++) await renderDocumentPdf(input);
  const times: number[] = [];
  let pages = 0;
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const pdf = await renderDocumentPdf(input);
    times.push(performance.now() - start);
    bytes = pdf.length;
    pages = (new TextDecoder('latin1').decode(pdf).match(/\/Type \/Page\b/g) ?? []).length;
  }
  return { pages, kilobytes: round(bytes / 1024, 1), ms: summary(times) };
}

export async function benchDocuments() {
  const onePage = await renderTimes(invoice(8), 200);
  const tenPages = await renderTimes(invoice(330), 30);

  const dir = mkdtempSync(join(tmpdir(), 'carnet-bench-documents-'));
  let stack: LocalStack | undefined;
  try {
    stack = await startLocalStack({ dataDir: dir, ports: 'free', seed: true });
    const key = at(stack.credentials.organizations, 0, 'seeded organisations').apiKey;
    const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
      const res = await fetch(`${stack!.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, body: (await res.json()) as Answer, requests: Number(res.headers.get('x-carnet-ddb-requests')) };
    };
    const client = at((await call('GET', '/clients?q=Boulangerie')).body.items, 0, 'clients found');
    const address = at((await call('GET', `/clients/${client.id}/addresses`)).body.items, 0, 'addresses');
    const contact = (await call('GET', `/clients/${client.id}/contacts`)).body.items.find((c) => c.email && !c.addressId);
    if (!contact) throw new Error('The demo client has no contact with an email and no address');
    const doc = (
      await call('POST', `/clients/${client.id}/documents`, {
        type: 'invoice',
        addressId: address.id,
        contactId: contact.id,
        lines: invoice(8).document.lines,
      })
    ).body;
    const path = `/clients/${client.id}/documents/${doc.id}`;

    // Requests per send, for each kind of recipient, with and without an Idempotency-Key.
    const perSend: number[] = [];
    for (const [i, to] of [
      [{ kind: 'main' }],
      [{ kind: 'address' }],
      [{ kind: 'contact', contactId: contact.id }],
      [{ kind: 'main' }, { kind: 'address' }],
    ].entries()) {
      for (const idempotent of [false, true]) {
        const answer = await call('POST', `${path}/sends`, { to }, idempotent ? { 'idempotency-key': `bench-${i}` } : {});
        if (answer.status !== 201) throw new Error(`send failed: ${JSON.stringify(answer.body)}`);
        perSend.push(answer.requests);
      }
    }
    // Let the simulator's events land, then read the history.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const history = await call('GET', `${path}/sends`);
    const events = history.body.items.reduce((n, s) => n + s.events.length, 0);

    // Throughput: the send path alone (the simulator's events would share the same process).
    process.env.SES_SIMULATOR = 'off';
    const latencies: number[] = [];
    const started = performance.now();
    const statuses = await pool(SENDS, IN_FLIGHT, async (i) => {
      const start = performance.now();
      const answer = await call(
        'POST',
        `${path}/sends`,
        { to: [{ kind: i % 2 ? 'main' : 'address' }] },
        { 'idempotency-key': `load-${i}` },
      );
      latencies.push(performance.now() - start);
      return answer.status;
    });
    const seconds = (performance.now() - started) / 1000;
    delete process.env.SES_SIMULATOR;
    const failures = statuses.filter((s) => s !== 201).length;

    return {
      pdfRenderMs: { onePage, tenPages },
      ddbRequestsPerSend: { max: Math.max(...perSend), all: perSend },
      ddbRequestsPerHistoryRead: history.requests,
      historyRead: { sends: history.body.items.length, events },
      sendsToLocalSes: {
        sends: SENDS,
        concurrent: IN_FLIGHT,
        perSecond: round(SENDS / seconds, 1),
        latencyMs: summary(latencies),
        non201: failures,
      },
    };
  } finally {
    await stack?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await benchDocuments();
  console.log(JSON.stringify(figures, null, 2));
}
