import { describe, expect, it } from 'vitest';
import { buildMessage, escapeHtml, type MailInput } from '../../functions/sending/mime';
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
});
