/** The client record's data (GET /clients/{id}/overview), shared by its tabs and sub-records. */
import { createContext, useContext, type Accessor } from 'solid-js';
import type { Me, Overview } from './api';

export interface ClientRecordContext {
  overview: Accessor<Overview>;
  me: Accessor<Me | undefined>;
  contactsOn: Accessor<boolean>;
}

export const ClientContext = createContext<ClientRecordContext>();

export function useClientRecord(): ClientRecordContext {
  const context = useContext(ClientContext);
  if (!context) throw new Error('useClientRecord outside a client record');
  return context;
}
