import type { ZodError } from 'zod';
import { AppError, type FieldError } from './errors';

/** A zod error as a 400 naming each field by its path (`mainContact.email`). */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    message: issue.code === 'unrecognized_keys' ? `unknown field(s): ${(issue as { keys?: string[] }).keys?.join(', ')}` : issue.message,
  }));
}

export function validationError(error: ZodError, where = 'body'): AppError {
  const errors = fieldErrors(error);
  const detail = `The request ${where} is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`;
  return new AppError('invalid_request', detail.slice(0, 1000), { errors });
}
