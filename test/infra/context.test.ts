import { describe, expect, it } from 'vitest';
import { parseContext } from '../../infra/context';

const valid = {
  'carnet:domain': 'example.com',
  'carnet:senderAddress': 'no-reply@example.com',
  'carnet:stage': 'dev',
};

describe('CDK context', () => {
  it('accepts a complete context, with Paris as the default region', () => {
    expect(parseContext(valid)).toEqual({
      domain: 'example.com',
      senderAddress: 'no-reply@example.com',
      stage: 'dev',
      region: 'eu-west-3',
      alarmEmail: undefined,
    });
  });

  it('accepts a sender on a subdomain and an explicit region', () => {
    expect(parseContext({ ...valid, 'carnet:senderAddress': 'a@mail.example.com', 'carnet:region': 'eu-west-1' })).toMatchObject({
      region: 'eu-west-1',
    });
  });

  it('names every missing key at once', () => {
    expect(() => parseContext({})).toThrow(/carnet:domain is missing; carnet:senderAddress is missing; carnet:stage is missing/);
    expect(() => parseContext({ ...valid, 'carnet:stage': '' })).toThrow(/carnet:stage is missing/);
  });

  it.each([
    [{ 'carnet:domain': 'Not A Domain' }, /carnet:domain must be a lower-case domain name/],
    [{ 'carnet:senderAddress': 'nobody' }, /carnet:senderAddress must be an email address/],
    [{ 'carnet:senderAddress': 'a@other.org' }, /carnet:senderAddress must be an address of the verified domain/],
    [{ 'carnet:stage': 'Prod!' }, /carnet:stage must be 1 to 20 lower-case letters/],
    [{ 'carnet:region': 'paris' }, /carnet:region must be an AWS region/],
    [{ 'carnet:alarmEmail': 'ops' }, /carnet:alarmEmail must be an email address/],
  ])('refuses %o', (override, message) => {
    expect(() => parseContext({ ...valid, ...override })).toThrow(message);
  });
});
