/**
 * The API's schemas (docs/api.md), shared by functions/ (validation, OpenAPI) and web/ (types).
 * Request schemas are strict: an unknown field answers 400.
 */
import { z } from 'zod';
import { company, companyPatch } from './legal';
import { line, optionalEmail, optionalLine, optionalPhone, optionalText, requiredLine } from './text';

export const id = z.string().min(1).max(64);
export const civility = z.enum(['mr', 'mrs']);

// ---------- Person (main contact), site contact ----------

export const personInput = z.strictObject({
  civility: civility.nullable().optional(),
  firstName: optionalLine(),
  lastName: optionalLine(),
  email: optionalEmail,
  phone: optionalPhone,
  mobile: optionalPhone,
});

export const mainContactInput = personInput.extend({ fax: optionalPhone });

export const siteContactInput = z.strictObject({
  firstName: optionalLine(),
  lastName: optionalLine(),
  email: optionalEmail,
  phone: optionalPhone,
  info: optionalText(),
});

const nullableString = z.string().nullable();

export const person = z.object({
  civility: civility.nullable(),
  firstName: nullableString,
  lastName: nullableString,
  email: nullableString,
  phone: nullableString,
  phoneE164: nullableString,
  mobile: nullableString,
  mobileE164: nullableString,
});
export const mainContact = person.extend({ fax: nullableString, faxE164: nullableString });
export const siteContact = z.object({
  firstName: nullableString,
  lastName: nullableString,
  email: nullableString,
  phone: nullableString,
  phoneE164: nullableString,
  info: nullableString,
});

const recordMeta = {
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
};

// ---------- Clients ----------

export const clientKind = z.enum(['company', 'individual']);

export const clientCreate = z.strictObject({
  name: requiredLine(),
  kind: clientKind,
  reference: optionalLine(),
  mainContact: mainContactInput.nullable().optional(),
  notes: optionalText(),
});

/** PATCH: a JSON merge patch of the writable fields (the result is validated with clientCreate). */
export const clientPatch = z.strictObject({
  name: requiredLine().optional(),
  kind: clientKind.optional(),
  reference: optionalLine(),
  mainContact: mainContactInput.partial().nullable().optional(),
  notes: optionalText(),
  archived: z.boolean().optional(),
});

export const client = z.object({
  id,
  name: z.string(),
  kind: clientKind,
  reference: nullableString,
  mainContact,
  notes: nullableString,
  archived: z.boolean(),
  ...recordMeta,
});

// ---------- Addresses ----------

export const addressCreate = z.strictObject({
  label: requiredLine(),
  line1: requiredLine(),
  line2: optionalLine(),
  postalCode: requiredLine(20),
  city: requiredLine(),
  country: optionalLine(2).refine((v) => !v || /^[A-Za-z]{2}$/.test(v), 'must be a two-letter country code'),
  siteContact: siteContactInput.nullable().optional(),
  notes: optionalText(),
});

export const addressPatch = z.strictObject({
  label: requiredLine().optional(),
  line1: requiredLine().optional(),
  line2: optionalLine(),
  postalCode: requiredLine(20).optional(),
  city: requiredLine().optional(),
  country: addressCreate.shape.country,
  siteContact: siteContactInput.partial().nullable().optional(),
  notes: optionalText(),
});

export const address = z.object({
  id,
  clientId: id,
  label: z.string(),
  line1: z.string(),
  line2: nullableString,
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
  siteContact,
  notes: nullableString,
  ...recordMeta,
});

// ---------- Secondary contacts ----------

const contactFields = {
  civility: civility.nullable().optional(),
  firstName: optionalLine(),
  lastName: optionalLine(),
  jobTitle: optionalLine(),
  email: optionalEmail,
  phone: optionalPhone,
  mobile: optionalPhone,
  addressId: id.nullable().optional(),
  notes: optionalText(),
};

export const contactCreate = z.strictObject(contactFields).refine((c) => Boolean(c.firstName?.trim() || c.lastName?.trim()), {
  message: 'a first name or a last name is required',
  path: ['lastName'],
});

export const contactPatch = z.strictObject(contactFields);

export const contact = z.object({
  id,
  clientId: id,
  civility: civility.nullable(),
  firstName: nullableString,
  lastName: nullableString,
  jobTitle: nullableString,
  email: nullableString,
  phone: nullableString,
  phoneE164: nullableString,
  mobile: nullableString,
  mobileE164: nullableString,
  addressId: nullableString,
  notes: nullableString,
  ...recordMeta,
});

export const directoryContact = contact.extend({ clientName: z.string() });
export const eligibleContact = contact.extend({ match: z.enum(['address', 'no_address']) });

export const overview = z.object({
  client,
  addresses: z.array(address),
  contacts: z.array(contact),
});

// ---------- Organisation, settings, users, API keys ----------

export const role = z.enum(['admin', 'member']);

export const settings = z.object({
  modules: z.object({ secondaryContacts: z.boolean() }),
  sender: z.object({ fromName: nullableString, replyTo: nullableString }),
  /** The legal profile (Paramètres → Entreprise): what issued invoices and quotes print. */
  company,
});

export const settingsPatch = z.strictObject({
  modules: z.strictObject({ secondaryContacts: z.boolean().optional() }).optional(),
  sender: z.strictObject({ fromName: optionalLine(), replyTo: optionalEmail }).optional(),
  company: companyPatch.optional(),
});

export const user = z.object({
  id,
  email: z.string(),
  firstName: nullableString,
  lastName: nullableString,
  role,
  status: z.enum(['active', 'disabled']),
  createdAt: z.string(),
});

export const userCreate = z.strictObject({
  email: requiredLine(254).pipe(z.email('is not a valid email address')),
  firstName: optionalLine(),
  lastName: optionalLine(),
  role: role.optional(),
});

export const userPatch = z.strictObject({
  firstName: optionalLine(),
  lastName: optionalLine(),
  role: role.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const userCreated = user.extend({ temporaryPassword: z.string() });

export const apiKey = z.object({
  id,
  name: z.string(),
  role,
  createdAt: z.string(),
  lastUsedAt: nullableString,
});
export const apiKeyCreate = z.strictObject({ name: requiredLine(), role: role.optional() });
export const apiKeyCreated = apiKey.extend({ secret: z.string() });

export const me = z.object({
  user: z.object({ id, email: z.string(), firstName: nullableString, lastName: nullableString, role }).nullable(),
  apiKey: z.object({ id, name: z.string() }).nullable(),
  organization: z.object({ id, name: z.string() }),
  modules: z.object({ secondaryContacts: z.boolean() }),
});

// ---------- Lists and errors ----------

export const listQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).optional(),
  cursor: z.string().max(2048).optional(),
  q: line(200).optional(),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string(),
  reason: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type Person = z.infer<typeof person>;
export type MainContact = z.infer<typeof mainContact>;
export type SiteContact = z.infer<typeof siteContact>;
export type Client = z.infer<typeof client>;
export type ClientCreate = z.infer<typeof clientCreate>;
export type ClientPatch = z.infer<typeof clientPatch>;
export type Address = z.infer<typeof address>;
export type AddressCreate = z.infer<typeof addressCreate>;
export type AddressPatch = z.infer<typeof addressPatch>;
export type Contact = z.infer<typeof contact>;
export type ContactCreate = z.infer<typeof contactCreate>;
export type ContactPatch = z.infer<typeof contactPatch>;
export type DirectoryContact = z.infer<typeof directoryContact>;
export type EligibleContact = z.infer<typeof eligibleContact>;
export type Overview = z.infer<typeof overview>;
export type Role = z.infer<typeof role>;
export type Settings = z.infer<typeof settings>;
export type SettingsPatch = z.infer<typeof settingsPatch>;
export type User = z.infer<typeof user>;
export type UserCreate = z.infer<typeof userCreate>;
export type UserPatch = z.infer<typeof userPatch>;
export type ApiKey = z.infer<typeof apiKey>;
export type Me = z.infer<typeof me>;
export type Problem = z.infer<typeof problem>;
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
