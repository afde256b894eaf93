/**
 * The fields of the API's JSON answers that the benches read (ids, pages, a client's overview):
 * one loose shape rather than `any`; a field the API does not send is a failed run, not a figure.
 */
export interface Answer {
  id: string;
  nextCursor: string | null;
  items: Answer[];
  addresses: Answer[];
  events: unknown[];
  email: string | null;
  addressId: string | null;
}
