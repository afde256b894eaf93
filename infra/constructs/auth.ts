import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccountRecovery, FeaturePlan, Mfa, UserPool, type UserPoolClient, UserPoolEmail } from 'aws-cdk-lib/aws-cognito';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** What the API may do to users: invite, disable/enable, rename, look up. Nothing else. */
export const userAdministrationActions = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminDisableUser',
  'cognito-idp:AdminEnableUser',
  'cognito-idp:AdminUpdateUserAttributes',
  'cognito-idp:AdminGetUser',
] as const;

export interface AuthProps {
  readonly stage: string;
  readonly removalPolicy?: RemovalPolicy;
}

/** Employees sign in with their email; admins invite them (no self sign-up). */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly userPoolClient: UserPoolClient;
  /** `https://cognito-idp.<region>.amazonaws.com`: the browser talks to it to sign in. */
  readonly endpoint: string;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'UserPool', {
      userPoolName: `carnet-${props.stage}`,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      autoVerify: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        givenName: { required: false, mutable: true },
        familyName: { required: false, mutable: true },
      },
      selfSignUpEnabled: false,
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      email: UserPoolEmail.withCognito(),
      userInvitation: {
        emailSubject: 'Votre accès à Carnet / Your Carnet account',
        emailBody:
          'Bonjour, votre compte Carnet a été créé. Identifiant : {username} — mot de passe temporaire : {####}\n\n' +
          'Hello, your Carnet account is ready. Username: {username} — temporary password: {####}',
      },
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG2',
      reason:
        'MFA is optional by product decision (TOTP offered to every user); requiring it would block invited users without an authenticator app.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG8',
      reason:
        'The Plus feature plan is billed per monthly active user; the Essentials plan covers sign-in, TOTP MFA and admin invitations.',
    });
    Validations.of(this.userPool).acknowledge({
      id: 'AwsSolutions-COG3',
      reason:
        'Threat protection (advanced security) is a paid Cognito tier billed per MAU; Carnet stays on the pay-per-use Essentials plan with a strong password policy and optional TOTP.',
    });

    this.userPoolClient = this.userPool.addClient('WebClient', {
      userPoolClientName: 'web',
      generateSecret: false,
      // Refresh tokens are always allowed (ALLOW_REFRESH_TOKEN_AUTH).
      authFlows: { userPassword: true, userSrp: true },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      enableTokenRevocation: true,
    });

    this.endpoint = `https://cognito-idp.${Stack.of(this).region}.amazonaws.com`;
  }

  /** Tells `fn` which pool and client tokens come from (enough to verify them; no permission needed). */
  bindTokenVerification(fn: LambdaFunction): void {
    fn.addEnvironment('COGNITO_USER_POOL_ID', this.userPool.userPoolId);
    fn.addEnvironment('COGNITO_CLIENT_ID', this.userPoolClient.userPoolClientId);
  }

  /** Lets `fn` invite and manage users of the pool, and tells it which pool: one call. */
  bindUserAdministration(fn: LambdaFunction): void {
    this.bindTokenVerification(fn);
    this.userPool.grant(fn, ...userAdministrationActions);
  }
}
