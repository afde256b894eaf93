// Long because it is the demo data itself (two organisations, their clients, addresses and contacts), written out as a user will see it.
import { createApiKey } from '../../functions/api-keys';
import { createAddress } from '../../functions/addresses';
import { createClient } from '../../functions/clients';
import { createContact } from '../../functions/contacts';
import { createOrganization, updateSettings } from '../../functions/organizations';
import { type Company, EMPTY_COMPANY } from '../../shared/legal';
import { createUser } from '../../functions/users';
import type { AddressCreate, ClientCreate, ContactCreate } from '../../shared/schemas';

/** Demo data for `npm start` and the tests: two organisations, French clients with all three levels. */
export interface SeededOrganization {
  id: string;
  name: string;
  apiKey: string;
  users: { email: string; password: string; role: 'admin' | 'member'; firstName: string; lastName: string }[];
}

export const DEMO_PASSWORD = 'Carnet-demo-2026!';

interface DemoClient {
  client: ClientCreate;
  addresses: AddressCreate[];
  /** addressIndex: which of the addresses the contact is linked to (null: none). */
  contacts: (ContactCreate & { addressIndex: number | null })[];
}

const dupontClients: DemoClient[] = [
  {
    client: {
      name: 'Boulangerie Martin',
      kind: 'company',
      reference: 'CLI-0001',
      mainContact: {
        civility: 'mrs',
        firstName: 'Sophie',
        lastName: 'Martin',
        email: 'sophie.martin@boulangerie-martin.fr',
        phone: '01 42 68 53 00',
        mobile: '06 12 34 56 78',
      },
      notes: 'Livraisons avant 7 h. Four à entretenir chaque trimestre.',
    },
    addresses: [
      {
        label: 'Boutique Montmartre',
        line1: '12 rue Lepic',
        postalCode: '75018',
        city: 'Paris',
        siteContact: {
          firstName: 'Julien',
          lastName: 'Roche',
          email: 'julien.roche@boulangerie-martin.fr',
          phone: '06 23 45 67 89',
          info: 'Entrée par la cour, code 4512B',
        },
      },
      {
        label: 'Laboratoire de Clichy',
        line1: '5 avenue de Clichy',
        postalCode: '75017',
        city: 'Paris',
        siteContact: {
          firstName: 'Nadia',
          lastName: 'Benali',
          email: 'labo@boulangerie-martin.fr',
          phone: '01 45 22 10 10',
          info: 'Ouvert de 3 h à 11 h',
        },
      },
    ],
    contacts: [
      {
        civility: 'mrs',
        firstName: 'Camille',
        lastName: 'Lefèvre',
        jobTitle: 'Comptable',
        email: 'compta@boulangerie-martin.fr',
        phone: '01 42 68 53 01',
        addressIndex: null,
      },
      {
        civility: 'mr',
        firstName: 'Hugo',
        lastName: 'Bernard',
        jobTitle: 'Responsable boutique',
        email: 'hugo.bernard@boulangerie-martin.fr',
        mobile: '06 34 56 78 90',
        addressIndex: 0,
      },
      {
        civility: 'mrs',
        firstName: 'Élodie',
        lastName: 'Moreau',
        jobTitle: 'Acheteuse',
        email: 'elodie.moreau@boulangerie-martin.fr',
        addressIndex: 1,
      },
      {
        civility: 'mr',
        firstName: 'Grégoire',
        lastName: 'Œillet',
        jobTitle: 'Gérant (sans email)',
        phone: '06 45 67 89 01',
        addressIndex: null,
      },
    ],
  },
  {
    client: {
      name: 'Syndic Les Tilleuls',
      kind: 'company',
      reference: 'CLI-0002',
      mainContact: {
        civility: 'mr',
        firstName: 'François',
        lastName: 'Garnier',
        email: 'f.garnier@syndic-tilleuls.fr',
        phone: '04 78 42 15 16',
      },
    },
    addresses: [
      {
        label: 'Résidence Les Tilleuls',
        line1: '18 quai Saint-Antoine',
        postalCode: '69002',
        city: 'Lyon',
        siteContact: { firstName: 'Gardien', lastName: 'Loge A', phone: '04 78 42 00 01', info: 'Loge au rez-de-chaussée, bâtiment A' },
      },
      {
        label: 'Résidence Bellecour',
        line1: '3 place Bellecour',
        postalCode: '69002',
        city: 'Lyon',
        siteContact: { firstName: 'Inès', lastName: 'Faure', email: 'ines.faure@syndic-tilleuls.fr', phone: '06 56 78 90 12' },
      },
      { label: 'Chaufferie collective', line1: '20 quai Saint-Antoine', line2: 'Sous-sol, porte C', postalCode: '69002', city: 'Lyon' },
    ],
    contacts: [
      {
        civility: 'mrs',
        firstName: 'Anaïs',
        lastName: 'Rousseau',
        jobTitle: 'Gestionnaire de copropriété',
        email: 'a.rousseau@syndic-tilleuls.fr',
        phone: '04 78 42 15 17',
        addressIndex: null,
      },
      {
        civility: 'mr',
        firstName: 'Thierry',
        lastName: 'Lambert',
        jobTitle: 'Président du conseil syndical',
        email: 'thierry.lambert@orange.fr',
        addressIndex: 0,
      },
      {
        civility: 'mr',
        firstName: 'Test',
        lastName: 'Rebond',
        jobTitle: 'Adresse qui rejette (simulateur SES)',
        email: 'bounce@simulator.amazonses.com',
        addressIndex: 1,
      },
    ],
  },
  {
    client: {
      name: 'Hôtel Côte d’Azur',
      kind: 'company',
      reference: 'CLI-0003',
      mainContact: {
        civility: 'mrs',
        firstName: 'Léa',
        lastName: 'Giraud',
        email: 'direction@hotel-cotedazur.fr',
        phone: '04 93 87 65 43',
        fax: '04 93 87 65 44',
      },
    },
    addresses: [
      {
        label: 'Hôtel',
        line1: '45 promenade des Anglais',
        postalCode: '06000',
        city: 'Nice',
        siteContact: {
          firstName: 'Poste de',
          lastName: 'sécurité',
          phone: '04 93 87 65 00',
          email: 'securite@hotel-cotedazur.fr',
          info: 'Badge à récupérer à l’accueil',
        },
      },
      {
        label: 'Annexe spa',
        line1: '2 rue de France',
        postalCode: '06000',
        city: 'Nice',
        siteContact: { firstName: 'Chloé', lastName: 'Mercier', email: 'spa@hotel-cotedazur.fr' },
      },
    ],
    contacts: [
      {
        civility: 'mr',
        firstName: 'Nicolas',
        lastName: 'Fontaine',
        jobTitle: 'Responsable technique',
        email: 'technique@hotel-cotedazur.fr',
        mobile: '06 67 89 01 23',
        addressIndex: 0,
      },
      {
        civility: 'mrs',
        firstName: 'Manon',
        lastName: 'Chevalier',
        jobTitle: 'Comptabilité fournisseurs',
        email: 'factures@hotel-cotedazur.fr',
        addressIndex: null,
      },
    ],
  },
  {
    client: {
      name: 'Étienne Dubois',
      kind: 'individual',
      reference: 'CLI-0004',
      mainContact: { civility: 'mr', firstName: 'Étienne', lastName: 'Dubois', email: 'etienne.dubois@free.fr', mobile: '07 81 23 45 67' },
    },
    addresses: [
      {
        label: 'Résidence principale',
        line1: '8 allée des Acacias',
        postalCode: '33000',
        city: 'Bordeaux',
        siteContact: { firstName: 'Étienne', lastName: 'Dubois', phone: '07 81 23 45 67', info: 'Chaudière au garage' },
      },
      {
        label: 'Maison de vacances',
        line1: '27 chemin du Phare',
        postalCode: '17590',
        city: 'Ars-en-Ré',
        siteContact: { firstName: 'Voisine', lastName: 'Mme Petit', phone: '05 46 29 00 00', info: 'Clés chez la voisine' },
      },
    ],
    contacts: [],
  },
];

const netazurClients: DemoClient[] = [
  {
    client: {
      name: 'Clinique Saint-Éloi',
      kind: 'company',
      reference: 'NA-100',
      mainContact: {
        civility: 'mrs',
        firstName: 'Hélène',
        lastName: 'Perrin',
        email: 'services.generaux@clinique-saint-eloi.fr',
        phone: '03 20 55 44 33',
      },
    },
    addresses: [
      {
        label: 'Bâtiment principal',
        line1: '100 rue Nationale',
        postalCode: '59000',
        city: 'Lille',
        siteContact: { firstName: 'Karim', lastName: 'Haddad', phone: '03 20 55 44 00', email: 'accueil@clinique-saint-eloi.fr' },
      },
      {
        label: 'Bloc opératoire',
        line1: '100 rue Nationale',
        line2: 'Aile B, 2e étage',
        postalCode: '59000',
        city: 'Lille',
        siteContact: { firstName: 'Cadre', lastName: 'de santé', email: 'bloc@clinique-saint-eloi.fr' },
      },
    ],
    contacts: [
      {
        civility: 'mr',
        firstName: 'Olivier',
        lastName: 'Marchand',
        jobTitle: 'Acheteur',
        email: 'o.marchand@clinique-saint-eloi.fr',
        addressIndex: null,
      },
      {
        civility: 'mrs',
        firstName: 'Sarah',
        lastName: 'Lemoine',
        jobTitle: 'Hygiéniste',
        email: 's.lemoine@clinique-saint-eloi.fr',
        addressIndex: 1,
      },
    ],
  },
  {
    client: {
      name: 'Cabinet Roux Avocats',
      kind: 'company',
      reference: 'NA-101',
      mainContact: { civility: 'mr', firstName: 'Pierre', lastName: 'Roux', email: 'contact@roux-avocats.fr', phone: '01 53 00 12 34' },
    },
    addresses: [
      {
        label: 'Bureaux Opéra',
        line1: '9 rue Auber',
        postalCode: '75009',
        city: 'Paris',
        siteContact: { firstName: 'Julie', lastName: 'Caron', email: 'accueil@roux-avocats.fr' },
      },
      { label: 'Archives', line1: '14 rue de Provence', postalCode: '75009', city: 'Paris' },
    ],
    contacts: [
      {
        civility: 'mrs',
        firstName: 'Aurélie',
        lastName: 'Blanc',
        jobTitle: 'Office manager',
        email: 'a.blanc@roux-avocats.fr',
        addressIndex: 0,
      },
    ],
  },
];

async function seedClients(orgId: string, clients: DemoClient[]) {
  for (const demo of clients) {
    const client = await createClient(orgId, demo.client);
    const addresses = [];
    for (const a of demo.addresses) addresses.push(await createAddress(orgId, client.id, a));
    for (const { addressIndex, ...contact } of demo.contacts) {
      const address = addressIndex === null ? null : addresses[addressIndex];
      if (address === undefined) throw new Error(`Demo contact ${contact.lastName}: no address number ${addressIndex}`);
      await createContact(orgId, client.id, { ...contact, addressId: address?.id ?? null });
    }
  }
}

async function seedOrganization(
  name: string,
  users: { email: string; firstName: string; lastName: string; role: 'admin' | 'member' }[],
  clients: DemoClient[],
  keepModuleOn: boolean,
  company: Partial<Company> = {},
): Promise<SeededOrganization> {
  const org = await createOrganization({
    name,
    settings: { modules: { secondaryContacts: true }, company: { ...EMPTY_COMPANY, ...company } },
  });
  const seededUsers: SeededOrganization['users'] = [];
  for (const u of users) {
    await createUser(org.id, { ...u, password: DEMO_PASSWORD });
    seededUsers.push({ ...u, password: DEMO_PASSWORD });
  }
  const key = await createApiKey(org.id, { name: 'Clé de démonstration', role: 'admin' });
  await seedClients(org.id, clients);
  // Switching the module off hides contacts and keeps them: the second organisation shows that.
  if (!keepModuleOn) await updateSettings(org.id, { modules: { secondaryContacts: false } });
  return { id: org.id, name, apiKey: key.secret, users: seededUsers };
}

export async function seedDemoData(): Promise<SeededOrganization[]> {
  return [
    await seedOrganization(
      'Dupont Chauffage & Fils',
      [
        { email: 'claire.dupont@dupont-chauffage.fr', firstName: 'Claire', lastName: 'Dupont', role: 'admin' },
        { email: 'marc.leroy@dupont-chauffage.fr', firstName: 'Marc', lastName: 'Leroy', role: 'member' },
      ],
      dupontClients,
      true,
      {
        legalName: 'Dupont Chauffage & Fils SARL',
        address: { line1: '12 rue de la République', line2: null, postalCode: '13001', city: 'Marseille', country: 'FR' },
        siren: '404833048',
        vatNumber: 'FR83404833048',
        rcs: 'RCS Marseille 404 833 048',
        shareCapital: '10 000 €',
        iban: 'FR7630006000011234567890189',
        bic: 'BNPAFRPP',
        paymentTermsDays: 30,
        latePenaltyRate: 10.5,
      },
    ),
    await seedOrganization(
      'Net’Azur Propreté',
      [
        { email: 'sandrine.vidal@netazur.fr', firstName: 'Sandrine', lastName: 'Vidal', role: 'admin' },
        { email: 'yanis.morel@netazur.fr', firstName: 'Yanis', lastName: 'Morel', role: 'member' },
      ],
      netazurClients,
      false,
      // A micro-entreprise: no VAT number, the exemption mention instead; no bank details yet.
      {
        legalName: 'Sandrine Vidal — Net’Azur Propreté',
        address: { line1: '8 boulevard Victor Hugo', line2: null, postalCode: '06000', city: 'Nice', country: 'FR' },
        siren: '732829320',
        rcs: 'RM 06',
        paymentTermsDays: 15,
        latePenaltyRate: 12,
        vatExemptionMention: 'TVA non applicable, art. 293 B du CGI',
      },
    ),
  ];
}
