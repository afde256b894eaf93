import { pathToFileURL } from 'node:url';
import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readContext } from './context';
import { CarnetStack } from './stack';

export interface CarnetAppOptions extends AppProps {
  readonly webDistDirectory?: string;
}

/** The CDK app: one stack per stage, checked by cdk-nag's AWS Solutions rules at synth. */
export function buildApp(options: CarnetAppOptions = {}) {
  const app = new App(options);
  const context = readContext(app);
  const stack = new CarnetStack(app, `Carnet-${context.stage}`, {
    context,
    webDistDirectory: options.webDistDirectory,
    description: `Carnet (${context.stage}): contacts and document sending for field-service companies`,
    // Account-agnostic (the deploying credentials' account, resolved by CloudFormation), so synth
    // needs no AWS access; the region comes from context, not from whatever the CLI's profile says.
    env: { region: context.region },
    terminationProtection: context.stage === 'prod',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack, context };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  buildApp().app.synth();
}
