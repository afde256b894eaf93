/**
 * Partition keys of the single table. Every key starts with the organisation, so no query can
 * reach another tenant's items. Sort keys and index keys live with their domain module; a client's
 * partition is laid out in functions/clients/partition.ts.
 */
export const orgPartition = (orgId: string) => `ORG#${orgId}`;

/** Organisation-wide index partitions (gsi1..gsi3): lists and prefix searches. */
export const orgIndexPartition = (orgId: string, name: string) => `${orgPartition(orgId)}#${name}`;
