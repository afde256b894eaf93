import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AttributeType,
  BillingMode,
  ProjectionType,
  StreamViewType,
  Table,
  TableEncryption,
  type CfnTable,
} from 'aws-cdk-lib/aws-dynamodb';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { tableDefinition, type GlobalIndexName, type KeyAttribute, type LocalIndexName } from '../table';

/**
 * What each function may do on the table: nothing else is granted. TransactWriteItems needs no
 * action of its own, it is authorised by the per-item actions (Put/Update/Delete/ConditionCheck).
 */
export const tableAccess = {
  api: [
    'dynamodb:GetItem',
    'dynamodb:BatchGetItem',
    'dynamodb:Query',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
  sesEvents: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  /** The webhook dispatcher and sweeper: read endpoints and events, write deliveries. */
  webhooks: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
} as const satisfies Record<string, readonly `dynamodb:${string}`[]>;

export type TableAccess = keyof typeof tableAccess;

export interface DatabaseProps {
  /** The table is kept when the stack is deleted, unless told otherwise. */
  readonly removalPolicy?: RemovalPolicy;
}

const attributeType = (a: KeyAttribute) => ({
  name: a.name,
  type: a.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

/** The single table, built from `infra/table.ts` so CDK and the local stack cannot drift apart. */
export class Database extends Construct {
  readonly table: Table;
  /** Index names, from the table definition, for whoever needs them (never retyped). */
  readonly globalIndexNames: readonly GlobalIndexName[];
  readonly localIndexNames: readonly LocalIndexName[];

  constructor(scope: Construct, id: string, props: DatabaseProps = {}) {
    super(scope, id);
    const def = tableDefinition;
    this.table = new Table(this, 'Table', {
      partitionKey: attributeType(def.partitionKey),
      sortKey: attributeType(def.sortKey),
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: def.timeToLiveAttribute,
      // AWS-owned key: encrypted at rest with no KMS charge per request.
      encryption: TableEncryption.DEFAULT,
      // New images only: the webhook dispatcher reads the events written beside each change.
      stream: StreamViewType[def.stream],
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    for (const index of def.globalSecondaryIndexes) {
      this.table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attributeType(index.partitionKey),
        sortKey: attributeType(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
    for (const index of def.localSecondaryIndexes) {
      this.table.addLocalSecondaryIndex({
        indexName: index.indexName,
        sortKey: attributeType(index.sortKey),
        projectionType: ProjectionType.ALL,
      });
    }
    this.globalIndexNames = def.globalSecondaryIndexes.map((i) => i.indexName);
    this.localIndexNames = def.localSecondaryIndexes.map((i) => i.indexName);
  }

  /**
   * Lets `fn` use the table with exactly the actions of `access` (on the table and its indexes)
   * and tells it the table's name (TABLE_NAME), in one call.
   */
  bindTable(fn: LambdaFunction, access: TableAccess): void {
    this.table.grant(fn, ...tableAccess[access]);
    fn.addEnvironment('TABLE_NAME', this.table.tableName);
    if (fn.role) {
      const stack = Stack.of(this);
      const tableLogicalId = stack.resolve(stack.getLogicalId(this.table.node.defaultChild as CfnTable));
      Validations.of(fn.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`,
        reason: `The queries use the table's indexes (${[...this.globalIndexNames, ...this.localIndexNames].join(', ')}); only the same listed actions are granted on them.`,
      });
    }
  }
}
