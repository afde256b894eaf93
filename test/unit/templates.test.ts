import { describe, expect, it } from 'vitest';
import { DEFAULT_TEMPLATES, mailTemplateInput, renderTemplate, textToHtml, unknownVariables } from '../../shared/templates';

describe('mail templates', () => {
  it('fills the variables, once each, and greets by first name', () => {
    const text = renderTemplate(DEFAULT_TEMPLATES.invoice.body, {
      'recipient.firstName': 'Karim',
      'document.number': 'F-2026-0003',
      'document.date': '03/12/2026',
      'document.totalGross': '144,00 €',
      'document.dueDate': '02/01/2027',
      'sender.name': 'Claire Martin',
      'organization.name': 'Dupont Chauffage & Fils',
    });
    expect(text.startsWith('Bonjour Karim,\n\nVeuillez trouver ci-joint notre facture F-2026-0003 du 03/12/2026')).toBe(true);
    expect(text).toContain("d'un montant de 144,00 € TTC, à régler au plus tard le 02/01/2027.");
    expect(text.match(/Bonjour/g)).toHaveLength(1);
    expect(text.match(/Cordialement/g)).toHaveLength(1);
    expect(text.endsWith('Cordialement,\nClaire Martin\nDupont Chauffage & Fils')).toBe(true);
  });

  it('an empty variable leaves no stray space or empty line', () => {
    const text = renderTemplate('Bonjour {{recipient.firstName}},\n\nTexte.\n\nCordialement,\n{{sender.name}}\n{{organization.name}}', {
      'organization.name': 'Net Azur',
    });
    expect(text).toBe('Bonjour,\n\nTexte.\n\nCordialement,\nNet Azur');
  });

  it('refuses unknown variables at save time, naming the known ones', () => {
    expect(unknownVariables('{{document.number}} {{client.nom}} {{ sender.name }}')).toEqual(['client.nom']);
    const refused = mailTemplateInput.safeParse({ subject: 'Facture {{numero}}', body: 'x' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toContain('{{document.number}}');
  });

  it('HTML escapes what was typed', () => {
    expect(textToHtml('a <b> & "c"\nligne\n\nparagraphe')).toContain('<p>a &lt;b&gt; &amp; &quot;c&quot;<br>ligne</p>\n<p>paragraphe</p>');
  });
});
