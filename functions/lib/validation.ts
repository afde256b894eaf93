import type { ZodError } from 'zod';
import { AppError, type FieldError } from './errors';

/** A zod error as a 400 naming each field by its path (`mainContact.email`). */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    // An unknown field is named by its own path (`mainContact.foo`), one error per field.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...at, key].join('.'), message: 'is not a known field' }));
    }
    return [{ path: at.join('.') || '(body)', message: issue.message }];
  });
}

export function validationError(error: ZodError, where = 'body'): AppError {
  const errors = fieldErrors(error);
  const detail = `The request ${where} is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`;
  return new AppError('invalid_request', detail.slice(0, 1000), { errors });
}
