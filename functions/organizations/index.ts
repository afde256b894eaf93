import { ulid } from 'ulid';
import type { Settings, SettingsPatch } from '../../shared/schemas';
import { type Company, type CompanyPatch, EMPTY_COMPANY } from '../../shared/legal';
import { clean } from '../../shared/text';
import { notFound } from '../lib/errors';
import { orgPartition } from '../lib/keys';
import { uncounted } from '../lib/metrics';
import { getItem, now, putItem, updateItem } from '../lib/store';

/** An organisation (tenant) and its settings: one item under the organisation's partition. */
interface OrganizationItem {
  pk: string;
  sk: 'ORG';
  type: 'organization';
  orgId: string;
  name: string;
  settings: Settings;
  createdAt: string;
  updatedAt: string;
}

export interface Organization {
  id: string;
  name: string;
  settings: Settings;
}

const key = (orgId: string) => ({ pk: orgPartition(orgId), sk: 'ORG' as const });

const DEFAULT_SETTINGS: Settings = {
  modules: { secondaryContacts: false },
  sender: { fromName: null, replyTo: null },
  company: EMPTY_COMPANY,
};

/** Settings as stored, with what was added since (the legal profile) filled in. */
function withDefaults(stored: Partial<Settings> & Pick<Settings, 'modules' | 'sender'>): Settings {
  const company = { ...EMPTY_COMPANY, ...stored.company, address: { ...EMPTY_COMPANY.address, ...stored.company?.address } };
  return { modules: stored.modules, sender: stored.sender, company };
}

export async function createOrganization(input: { name: string; id?: string; settings?: Partial<Settings> }): Promise<Organization> {
  const orgId = input.id ?? ulid();
  const settings: Settings = {
    modules: { ...DEFAULT_SETTINGS.modules, ...input.settings?.modules },
    sender: { ...DEFAULT_SETTINGS.sender, fromName: input.name, ...input.settings?.sender },
    company: { ...EMPTY_COMPANY, legalName: input.name, ...input.settings?.company },
  };
  const at = now();
  const item: OrganizationItem = { ...key(orgId), type: 'organization', orgId, name: input.name, settings, createdAt: at, updatedAt: at };
  await putItem(item, { expression: 'attribute_not_exists(pk)' });
  cache.delete(orgId);
  return { id: orgId, name: input.name, settings };
}

// Settings are read on most calls (module switch, sender): cached briefly per instance.
const CACHE_MS = 5_000;
const cache = new Map<string, { at: number; org: Organization }>();

/** The organisation with its settings (cached a few seconds, not counted as a request of the call). */
/** Whether the organisation exists (an uncached read). */
export async function organizationExists(orgId: string): Promise<boolean> {
  return (await getItem<OrganizationItem>(key(orgId))) !== undefined;
}

export async function getOrganization(orgId: string): Promise<Organization> {
  const hit = cache.get(orgId);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.org;
  const item = await uncounted(() => getItem<OrganizationItem>(key(orgId)));
  if (!item) throw notFound('Organization');
  const org = { id: item.orgId, name: item.name, settings: withDefaults(item.settings) };
  cache.set(orgId, { at: Date.now(), org });
  return org;
}

export async function getSettings(orgId: string): Promise<Settings> {
  return (await getOrganization(orgId)).settings;
}

export async function isSecondaryContactsOn(orgId: string): Promise<boolean> {
  return (await getSettings(orgId)).modules.secondaryContacts;
}

export async function updateSettings(orgId: string, patch: SettingsPatch): Promise<Settings> {
  const stored = (await getItem<OrganizationItem>(key(orgId)))?.settings;
  if (!stored) throw notFound('Organization');
  const current = withDefaults(stored);
  const next: Settings = {
    modules: { ...current.modules, ...stripUndefined(patch.modules ?? {}) },
    sender: {
      fromName: patch.sender && 'fromName' in patch.sender ? clean(patch.sender.fromName) : current.sender.fromName,
      replyTo: patch.sender && 'replyTo' in patch.sender ? clean(patch.sender.replyTo) : current.sender.replyTo,
    },
    company: patch.company ? mergeCompany(current.company, patch.company) : current.company,
  };
  await updateItem({
    Key: key(orgId),
    UpdateExpression: 'SET settings = :s, updatedAt = :u',
    ExpressionAttributeValues: { ':s': next, ':u': now() },
    ConditionExpression: 'attribute_exists(pk)',
  });
  cache.delete(orgId);
  return next;
}

/** A merge patch of the legal profile: a field sent as null or "" is cleared, one left out is kept. */
function mergeCompany(current: Company, patch: CompanyPatch): Company {
  const pick = <K extends keyof Company>(k: K): Company[K] => {
    if (!(k in patch)) return current[k];
    const v = patch[k as keyof CompanyPatch];
    return (typeof v === 'string' ? clean(v) : (v ?? null)) as Company[K];
  };
  const address = patch.address === null ? EMPTY_COMPANY.address : { ...current.address };
  if (patch.address) {
    for (const [k, v] of Object.entries(patch.address) as [keyof Company['address'], string | null | undefined][]) {
      if (v !== undefined) address[k] = k === 'country' ? (clean(v)?.toUpperCase() ?? null) : clean(v);
    }
  }
  return {
    legalName: pick('legalName'),
    address,
    siren: pick('siren'),
    vatNumber: pick('vatNumber'),
    rcs: pick('rcs'),
    shareCapital: pick('shareCapital'),
    iban: pick('iban'),
    bic: pick('bic'),
    paymentTermsDays: pick('paymentTermsDays'),
    latePenaltyRate: pick('latePenaltyRate'),
    vatExemptionMention: pick('vatExemptionMention'),
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** For tests: forget cached settings. */
export function clearOrganizationCache() {
  cache.clear();
}
