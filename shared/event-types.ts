/** The event types (API.md, "Events and webhooks"), without zod: the web app imports them as values. */
/** Every type of event a change produces, by the record it concerns. */
export const changeEventTypes = [
  'client.created',
  'client.updated',
  'client.deleted',
  'address.created',
  'address.updated',
  'address.deleted',
  'contact.created',
  'contact.updated',
  'contact.deleted',
  'document.created',
  'document.updated',
  'document.deleted',
  'document.issued',
  'send.created',
  'send.delivered',
  'send.bounced',
  'send.complained',
  'send.failed',
] as const;

export const eventTypes = [...changeEventTypes, 'webhook.test'] as const;
