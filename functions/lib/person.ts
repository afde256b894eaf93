import type { MainContact, SiteContact } from '../../shared/schemas';
import { clean, phoneE164 } from '../../shared/text';

/** Stored forms of the people on records: trimmed text, null when empty, phones also in E.164. */
type Maybe<T> = { [K in keyof T]?: T[K] | null | undefined };

export function mainContactOf(input: Maybe<MainContact> | null | undefined): MainContact {
  const i = input ?? {};
  return {
    civility: i.civility ?? null,
    firstName: clean(i.firstName),
    lastName: clean(i.lastName),
    email: clean(i.email),
    phone: clean(i.phone),
    phoneE164: phoneE164(i.phone),
    mobile: clean(i.mobile),
    mobileE164: phoneE164(i.mobile),
    fax: clean(i.fax),
    faxE164: phoneE164(i.fax),
  };
}

export function siteContactOf(input: Maybe<SiteContact> | null | undefined): SiteContact {
  const i = input ?? {};
  return {
    firstName: clean(i.firstName),
    lastName: clean(i.lastName),
    email: clean(i.email),
    phone: clean(i.phone),
    phoneE164: phoneE164(i.phone),
    info: clean(i.info),
  };
}

/** JSON merge patch (RFC 7396) of plain objects: null removes, objects merge, the rest replaces. */
export function mergePatch<T>(target: T, patch: unknown): T {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch as T;
  const base: Record<string, unknown> =
    target && typeof target === 'object' && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (v === null) base[k] = null;
    else base[k] = mergePatch(base[k], v);
  }
  return base as T;
}

export function displayName(p: { firstName?: string | null; lastName?: string | null } | null | undefined): string {
  return [p?.firstName, p?.lastName].filter(Boolean).join(' ');
}
