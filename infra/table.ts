/**
 * THE table definition. The CDK database construct and the embedded local stack both build
 * the table from this object, so keys and indexes can never drift apart.
 */
export const TABLE_NAME_DEFAULT = 'carnet';

export type KeyAttribute = { name: string; type: 'S' | 'N' };

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
}

export const tableDefinition = {
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  /** Items with this attribute (epoch seconds) expire: idempotency records, events (30 days). */
  timeToLiveAttribute: 'expiresAt',
  /** New images feed the webhook dispatcher (functions/events/webhook-dispatcher.ts). */
  stream: 'NEW_IMAGE',
  globalSecondaryIndexes: [
    // Sorted lists across an organisation: clients by name, contacts by last name, documents by date.
    { indexName: 'gsi1', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
    // A second prefix to search or look up by: client reference, contact first name, SES message id.
    { indexName: 'gsi2', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
    // A third prefix: contact email; webhook deliveries due for an attempt (sparse).
    { indexName: 'gsi3', partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' } },
  ],
  localSecondaryIndexes: [
    // Within a client partition: contacts by the address they are linked to (the intervention rule).
    { indexName: 'lsi1', sortKey: { name: 'lsi1sk', type: 'S' } },
  ],
} as const satisfies {
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  timeToLiveAttribute: string;
  stream: 'NEW_IMAGE';
  globalSecondaryIndexes: readonly IndexDefinition[];
  localSecondaryIndexes: readonly { indexName: string; sortKey: KeyAttribute }[];
};

export type GlobalIndexName = (typeof tableDefinition.globalSecondaryIndexes)[number]['indexName'];
export type LocalIndexName = (typeof tableDefinition.localSecondaryIndexes)[number]['indexName'];

/** The CreateTable input for the local stack (the CDK construct maps the same object). */
export function createTableInput(tableName: string) {
  const def = tableDefinition;
  const attributes = new Map<string, KeyAttribute>();
  for (const a of [def.partitionKey, def.sortKey]) attributes.set(a.name, a);
  for (const i of def.globalSecondaryIndexes) {
    attributes.set(i.partitionKey.name, i.partitionKey);
    attributes.set(i.sortKey.name, i.sortKey);
  }
  for (const i of def.localSecondaryIndexes) attributes.set(i.sortKey.name, i.sortKey);
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    KeySchema: [
      { AttributeName: def.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: def.sortKey.name, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: def.globalSecondaryIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    LocalSecondaryIndexes: def.localSecondaryIndexes.map((i) => ({
      IndexName: i.indexName,
      KeySchema: [
        { AttributeName: def.partitionKey.name, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream },
  };
}
