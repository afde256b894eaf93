import { describe, expect, it } from 'vitest';
import { buildMessage, defaultSubject, escapeHtml, messageBody, type MailInput } from '../../functions/sending/mime';
import { at } from '../../shared/at';

const pdf = new TextEncoder().encode('%PDF-1.7 test');

function input(overrides: Partial<MailInput> = {}): MailInput {
  return {
    from: { name: 'Dupont Chauffage & Fils', address: 'no-reply@carnet.example' },
    replyTo: 'claire.dupont@dupont-chauffage.fr',
    to: [{ name: 'Sophie Martin', address: 'sophie.martin@boulangerie-martin.fr' }],
    cc: [],
    subject: 'Facture F-2026-0001 — Dupont Chauffage & Fils',
    text: 'Bonjour,',
    html: '<p>Bonjour,</p>',
    attachment: { filename: 'F-2026-0001.pdf', content: pdf },
    ...overrides,
  };
}

/** The header block, with folded lines unfolded. */
function headers(raw: Buffer): string[] {
  const head = at(raw.toString('utf8').split(/\r?\n\r?\n/), 0, 'the message');
  return head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/);
}

const decodeWords = (value: string) =>
  value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s?/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8'),
  );

describe('the MIME message of a send', () => {
  it('has From (sender name at the verified address), Reply-To, To, Subject, and the PDF attached', async () => {
    const raw = await buildMessage(input({ cc: [{ name: 'Claire Dupont', address: 'claire.dupont@dupont-chauffage.fr' }] }));
    const h = headers(raw);
    const get = (name: string) => h.find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
    expect(get('From')).toBe('From: "Dupont Chauffage & Fils" <no-reply@carnet.example>');
    expect(get('Reply-To')).toBe('Reply-To: claire.dupont@dupont-chauffage.fr');
    expect(get('To')).toBe('To: Sophie Martin <sophie.martin@boulangerie-martin.fr>');
    expect(get('Cc')).toBe('Cc: Claire Dupont <claire.dupont@dupont-chauffage.fr>');
    expect(decodeWords(get('Subject')!)).toBe('Subject: Facture F-2026-0001 — Dupont Chauffage & Fils');
    expect(get('Bcc')).toBeUndefined();
    const text = raw.toString('utf8');
    expect(text).toMatch(/Content-Type: multipart\/mixed/);
    expect(text).toMatch(/Content-Type: application\/pdf; name=F-2026-0001\.pdf/);
    expect(text).toMatch(/Content-Disposition: attachment; filename=F-2026-0001\.pdf/);
    expect(text).toContain(Buffer.from(pdf).toString('base64'));
  });

  it('cannot be given an extra header through a name, a subject or an address', async () => {
    const raw = await buildMessage(
      input({
        from: { name: 'Dupont\r\nBcc: victim@evil.example', address: 'no-reply@carnet.example' },
        to: [{ name: 'Sophie\nX-Injected: yes', address: 'sophie@boulangerie.fr' }],
        subject: 'Facture\r\nBcc: victim@evil.example',
        replyTo: 'claire@dupont.fr\r\nBcc: victim@evil.example',
        attachment: { filename: 'F.pdf\r\nX-Evil: 1', content: pdf },
      }),
    );
    const h = headers(raw);
    expect(h.filter((l) => /^(bcc|x-injected|x-evil):/i.test(l))).toEqual([]);
    expect(h.filter((l) => /^subject:/i.test(l))).toHaveLength(1);
    expect(raw.toString('utf8')).not.toMatch(/\r?\n(Bcc|X-Injected|X-Evil):/i);
  });

  it('default subject and French body per type; the sender’s message is HTML-escaped', () => {
    expect(defaultSubject({ type: 'quote', number: 'D-2026-0007', organizationName: 'Net’Azur Propreté' })).toBe(
      'Devis D-2026-0007 — Net’Azur Propreté',
    );
    const invoice = messageBody({
      type: 'invoice',
      number: 'F-2026-0001',
      date: '2026-11-27',
      grossCents: 123456,
      organizationName: 'Dupont & Fils',
    });
    expect(invoice.text).toContain('Veuillez trouver ci-joint notre facture F-2026-0001 du 27/11/2026');
    expect(invoice.text.replace(/[\u202f\u00a0]/g, ' ')).toContain("d'un montant de 1 234,56 € TTC");
    expect(invoice.html).toContain('Dupont &amp; Fils');
    const intervention = messageBody({
      type: 'intervention',
      number: 'I-2026-0003',
      date: '2026-11-27',
      grossCents: 0,
      organizationName: 'X',
    });
    expect(intervention.text).toContain("le rapport de l'intervention I-2026-0003 du 27/11/2026.");
    expect(intervention.text).not.toContain('montant');
    const own = messageBody({
      type: 'invoice',
      number: 'F-1',
      date: '2026-11-27',
      grossCents: 0,
      organizationName: 'X',
      message: '<script>alert(1)</script>\nMerci & à bientôt',
    });
    expect(own.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;<br>Merci &amp; à bientôt');
    expect(own.html).not.toContain('<script>');
    expect(own.text).toContain('<script>alert(1)</script>');
    expect(escapeHtml(`"'<>&`)).toBe('&quot;&#39;&lt;&gt;&amp;');
  });
});
