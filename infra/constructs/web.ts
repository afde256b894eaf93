import * as fs from 'node:fs';
import * as path from 'node:path';
import { DefaultStackSynthesizer, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  type HeadersFrameOption,
  type HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type ResponseSecurityHeadersBehavior,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership, type CfnBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { DOCS_INIT_SCRIPT, DOCS_INIT_SCRIPT_PATH, REDOC_SCRIPT_PATH } from '../../functions/api/docs-page';
import { redocScriptFile } from '../docs-renderer';
import { appContentSecurityPolicy, FRAME_OPTIONS, HSTS_MAX_AGE_SECONDS, REFERRER_POLICY } from '../security-headers';
import type { Api } from './api';
import type { Auth } from './auth';
import { projectRoot } from './node-function';

/**
 * CloudFront Function (viewer request, default behavior): app routes such as `/clients/123` serve
 * `/index.html` so the SolidJS router can take over; `/api/…` and real files (a last segment with
 * a dot, e.g. `/assets/app.js`) pass unchanged. Plain ES5 so it runs on any CloudFront JS runtime.
 */
export const spaRewriteFunctionCode = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri === '/api' || uri.indexOf('/api/') === 0) return request;
  var lastSegment = uri.substring(uri.lastIndexOf('/') + 1);
  if (lastSegment.indexOf('.') !== -1) return request;
  request.uri = '/index.html';
  return request;
}
`;

/**
 * CloudFront Function (viewer request, /api/*): the viewer's address in a header the API trusts
 * only with the origin-verify header CloudFront adds (per-address budgets of anonymous callers;
 * behind CloudFront the API would otherwise see CloudFront's address). A header of the same name
 * sent by the viewer is overwritten.
 */
export const viewerAddressFunctionCode = `function handler(event) {
  var request = event.request;
  request.headers['x-carnet-viewer-address'] = { value: event.viewer.ip };
  return request;
}
`;

/** What the web app reads at start-up from `/config.json`. */
export interface WebConfig {
  readonly apiUrl: string;
  readonly cognito: { readonly region: string; readonly userPoolId: string; readonly clientId: string };
}

export interface WebProps {
  /** Where `/api/*` goes. */
  readonly api: Pick<Api, 'domainName' | 'originVerify'>;
  /** The pool the app signs in with (config.json, CSP). */
  readonly auth: Pick<Auth, 'endpoint' | 'userPool' | 'userPoolClient'>;
  /** The built SolidJS app; when it has no index.html a placeholder page is deployed instead. */
  readonly distDirectory?: string;
}

/** The web app: a private bucket behind CloudFront, which also routes `/api/*` to the HTTP API. */
export class Web extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly spaRewrite: CloudFrontFunction;
  readonly viewerAddress: CloudFrontFunction;
  readonly appHeaders: ResponseHeadersPolicy;
  readonly apiHeaders: ResponseHeadersPolicy;
  /** `https://<id>.cloudfront.net` */
  readonly url: string;
  /** False when `web/dist` was not built: only a placeholder page and config.json are deployed. */
  readonly deploysBuiltApp: boolean;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const region = Stack.of(this).region;

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Its content is rebuilt by every deploy; docs/deploy.md says how to empty and delete it.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only CloudFront (origin access control) reads the bucket and only the deployment writes to it; server access logs would record nothing useful.',
    });

    // The values come from infra/security-headers.ts, which the local server uses too.
    const security: ResponseSecurityHeadersBehavior = {
      strictTransportSecurity: { accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS), includeSubdomains: true, override: true },
      frameOptions: { frameOption: FRAME_OPTIONS as HeadersFrameOption, override: true },
      contentTypeOptions: { override: true },
      referrerPolicy: { referrerPolicy: REFERRER_POLICY as HeadersReferrerPolicy, override: true },
    };
    this.appHeaders = new ResponseHeadersPolicy(this, 'AppHeaders', {
      comment: 'Carnet web app: CSP (self + Cognito), HSTS, no framing, nosniff, referrer policy',
      securityHeadersBehavior: {
        ...security,
        contentSecurityPolicy: { contentSecurityPolicy: appContentSecurityPolicy(props.auth.endpoint), override: true },
      },
    });
    // The API answers JSON, and the /api/docs page with its own CSP (functions/api/docs-page.ts),
    // which CloudFront passes on: none is set here.
    this.apiHeaders = new ResponseHeadersPolicy(this, 'ApiHeaders', {
      comment: 'Carnet API: HSTS, no framing, nosniff, referrer policy',
      securityHeadersBehavior: security,
    });

    this.spaRewrite = new CloudFrontFunction(this, 'SpaRewrite', {
      comment: 'Serves /index.html for app routes',
      code: FunctionCode.fromInline(spaRewriteFunctionCode),
      runtime: FunctionRuntime.JS_2_0,
    });

    this.viewerAddress = new CloudFrontFunction(this, 'ViewerAddress', {
      comment: 'Passes the viewer address to the API',
      code: FunctionCode.fromInline(viewerAddressFunctionCode),
      runtime: FunctionRuntime.JS_2_0,
    });

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Carnet',
      defaultRootObject: 'index.html',
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Users are in Europe: the cheapest price class covers it.
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.appHeaders,
        functionAssociations: [{ function: this.spaRewrite, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/api/*': {
          origin: new HttpOrigin(props.api.domainName, {
            protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
            customHeaders: { 'x-carnet-origin-verify': props.api.originVerify },
          }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: CachePolicy.CACHING_DISABLED,
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.apiHeaders,
          functionAssociations: [{ function: this.viewerAddress, eventType: FunctionEventType.VIEWER_REQUEST }],
          compress: true,
        },
      },
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason: 'Customers may work from anywhere; access is controlled by sign-in, not by country.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR2',
      reason:
        'No WAF: its fixed monthly price does not fit a pay-per-use deployment; the API counts a budget per organisation and per viewer address (docs/decisions.md, Rate limits), the HTTP API stage is throttled and every API route authenticates.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR3',
      reason:
        'API requests are access-logged at the HTTP API stage; logging static file requests would need an ACL-enabled log bucket for no operational use.',
    });
    Validations.of(this.distribution).acknowledge({
      id: 'AwsSolutions-CFR4',
      reason:
        'The distribution uses the default *.cloudfront.net certificate, for which CloudFront fixes the viewer TLS policy; a custom domain with TLSv1.2_2021 is a later step.',
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    const config: WebConfig = {
      apiUrl: '/api/v1',
      cognito: {
        region,
        userPoolId: props.auth.userPool.userPoolId,
        clientId: props.auth.userPoolClient.userPoolClientId,
      },
    };
    const dist = props.distDirectory ?? path.join(projectRoot, 'web', 'dist');
    this.deploysBuiltApp = fs.existsSync(path.join(dist, 'index.html'));
    const hashedAssets = path.join(dist, 'assets');

    // Hashed bundles first, cached for a year and never pruned, so a page loaded before a
    // deploy still finds its chunks; then the entry files, always revalidated.
    const assets =
      this.deploysBuiltApp && fs.existsSync(hashedAssets)
        ? new BucketDeployment(this, 'AssetsDeployment', {
            sources: [Source.asset(hashedAssets)],
            destinationBucket: this.bucket,
            destinationKeyPrefix: 'assets/',
            prune: false,
            cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
          })
        : undefined;
    const site = new BucketDeployment(this, 'SiteDeployment', {
      sources: [
        this.deploysBuiltApp ? Source.asset(dist, { exclude: ['assets'] }) : Source.data('index.html', placeholderPage),
        Source.jsonData('config.json', config),
        // The /api/docs page's renderer: served from here, never from a CDN.
        Source.data(REDOC_SCRIPT_PATH.slice(1), fs.readFileSync(redocScriptFile(), 'utf8')),
        Source.data(DOCS_INIT_SCRIPT_PATH.slice(1), DOCS_INIT_SCRIPT),
      ],
      destinationBucket: this.bucket,
      exclude: ['assets/*'],
      cacheControl: [CacheControl.fromString('no-cache')],
      distribution: this.distribution,
      distributionPaths: ['/*'],
    });
    if (assets) site.node.addDependency(assets);
    this.acknowledgeDeploymentHandler(site);
  }

  /**
   * BucketDeployment's handler is a CDK-provided singleton (created at stack level) whose runtime
   * and policy CDK chooses; each finding is acknowledged on it, one by one, so a new one still fails.
   */
  private acknowledgeDeploymentHandler(deployment: BucketDeployment): void {
    const stack = Stack.of(this);
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (!handler) throw new Error('BucketDeployment handler not found: CDK changed its construct id');
    const bucketLogicalId = stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket));
    const qualifier =
      (this.node.tryGetContext(BOOTSTRAP_QUALIFIER_CONTEXT) as string | undefined) ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
    const assetBucket = `arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-${stack.region}/*`;
    const acknowledge = (id: string, reason: string) => Validations.of(handler).acknowledge({ id, reason });

    acknowledge('AwsSolutions-L1', 'CDK pins the BucketDeployment handler runtime (it bundles the AWS CLI layer for it).');
    acknowledge(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      "CDK's BucketDeployment handler role; it only writes its own logs with it.",
    );
    const copyReason = `CDK's BucketDeployment handler copies the build from the CDK assets bucket into the web bucket (${deployment.node.path}).`;
    for (const action of ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*']) {
      acknowledge(`AwsSolutions-IAM5[Action::${action}]`, copyReason);
    }
    acknowledge(`AwsSolutions-IAM5[Resource::${assetBucket}]`, copyReason);
    acknowledge(`AwsSolutions-IAM5[Resource::<${bucketLogicalId}.Arn>/*]`, copyReason);
    acknowledge(
      'AwsSolutions-IAM5[Resource::*]',
      'CDK grants cloudfront:CreateInvalidation/GetInvalidation on * to invalidate the distribution after a deploy.',
    );
  }
}

const BOOTSTRAP_QUALIFIER_CONTEXT = '@aws-cdk/core:bootstrapQualifier';

const placeholderPage = `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Carnet</title></head>
<body><p>Carnet : l'application web n'a pas été construite (npm run build) avant le déploiement.</p>
<p>Carnet: the web app was not built (npm run build) before this deployment.</p></body></html>
`;
