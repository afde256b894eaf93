/**
 * "Options d'affichage": per module, the optional fields a user can show or hide.
 * Field names are the API's field names; the values here are the defaults.
 */
export const displayOptionDefaults = {
  client: { reference: true, 'mainContact.civility': true, 'mainContact.mobile': true, 'mainContact.fax': false, notes: true },
  address: { line2: true, country: false, 'siteContact.info': true, notes: true },
  contact: { civility: true, jobTitle: true, mobile: true, addressId: true, notes: true },
  intervention: { contactId: true, technicianUserId: true, description: true, report: true },
  invoice: { addressId: true, contactId: true, title: true },
  quote: { addressId: true, contactId: true, title: true },
} as const satisfies Record<string, Record<string, boolean>>;

export type DisplayModule = keyof typeof displayOptionDefaults;
export type DisplayOptions = { [M in DisplayModule]: { [F in keyof (typeof displayOptionDefaults)[M]]: boolean } };

export const displayModules = Object.keys(displayOptionDefaults) as DisplayModule[];

/** Stored choices over the defaults; fields that no longer exist are dropped. */
export function withDefaults(stored: Partial<Record<string, Record<string, boolean>>> | null | undefined): DisplayOptions {
  const result: Record<string, Record<string, boolean>> = {};
  for (const module of displayModules) {
    const defaults = displayOptionDefaults[module] as Record<string, boolean>;
    const saved = stored?.[module] ?? {};
    result[module] = Object.fromEntries(
      Object.entries(defaults).map(([field, on]) => [field, typeof saved[field] === 'boolean' ? saved[field] : on]),
    );
  }
  return result as DisplayOptions;
}
