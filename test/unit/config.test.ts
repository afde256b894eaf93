import { describe, expect, it } from 'vitest';
import { readAuthConfig, readMailConfig, readTableConfig } from '../../functions/lib/config';

/** Each function reads only its own variables, and a missing one is named at once. */
describe('functions/lib/config.ts', () => {
  it('the table reader needs TABLE_NAME and nothing of mail or Cognito', () => {
    expect(readTableConfig({ TABLE_NAME: 'carnet-prod', AWS_REGION: 'eu-west-1' })).toEqual({
      tableName: 'carnet-prod',
      region: 'eu-west-1',
      endpoint: undefined,
    });
    expect(() => readTableConfig({ COGNITO_USER_POOL_ID: 'p', MAIL_FROM_ADDRESS: 'a@b.fr' })).toThrow(
      'Missing environment variable TABLE_NAME',
    );
  });

  it('the mail reader needs the From address; the configuration set and endpoint are optional', () => {
    expect(readMailConfig({ MAIL_FROM_ADDRESS: 'mail@example.org', SES_CONFIGURATION_SET: 'carnet-prod' })).toEqual({
      region: 'eu-west-3',
      fromAddress: 'mail@example.org',
      configurationSet: 'carnet-prod',
      endpoint: undefined,
    });
    expect(() => readMailConfig({ TABLE_NAME: 't' })).toThrow('Missing environment variable MAIL_FROM_ADDRESS');
  });

  it.each([
    [{ COGNITO_USER_POOL_ID: 'eu-west-3_abc', COGNITO_CLIENT_ID: 'c' }, 'https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_abc'],
    [
      { COGNITO_USER_POOL_ID: 'local_1', COGNITO_CLIENT_ID: 'c', COGNITO_ENDPOINT: 'http://127.0.0.1:9229/' },
      'http://127.0.0.1:9229/local_1',
    ],
    [{ COGNITO_USER_POOL_ID: 'p', COGNITO_CLIENT_ID: 'c', COGNITO_ISSUER: 'https://issuer.example/p' }, 'https://issuer.example/p'],
  ])('the auth reader derives the token issuer (%j)', (env, issuer) => {
    expect(readAuthConfig(env).issuer).toBe(issuer);
  });

  it('the auth reader names the missing pool or client id', () => {
    expect(() => readAuthConfig({ COGNITO_CLIENT_ID: 'c' })).toThrow('COGNITO_USER_POOL_ID');
    expect(() => readAuthConfig({ COGNITO_USER_POOL_ID: 'p' })).toThrow('COGNITO_CLIENT_ID');
  });
});
