/**
 * Partition keys of the single table. Every key starts with the organisation, so no query can
 * reach another tenant's items. Sort keys and index keys live with their domain module.
 */
export const orgPartition = (orgId: string) => `ORG#${orgId}`;

/** Everything of one client (record, addresses, contacts, documents, sends) lives here. */
export const clientPartition = (orgId: string, clientId: string) => `ORG#${orgId}#CLIENT#${clientId}`;

/** Organisation-wide index partitions (gsi1..gsi3): lists and prefix searches. */
export const orgIndexPartition = (orgId: string, name: string) => `ORG#${orgId}#${name}`;
