// Placeholder written by the infra work so the CDK stack can synthesize; replace with the SNS handler.
export const handler = async () => undefined;
