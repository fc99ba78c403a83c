import { BadRequestException, NotFoundException } from '@nestjs/common';
import { ErrorCode } from '@parley/contract';
import { DomainError } from './domain-error';
import { mapError } from './error-mapping';

describe('mapError', () => {
  it('maps domain errors to their status and keeps field details', () => {
    const { body, unexpected } = mapError(DomainError.validation([{ field: 'username', message: 'is too short' }]));
    expect(unexpected).toBe(false);
    expect(body).toMatchObject({ statusCode: 400, code: ErrorCode.ValidationFailed, details: [{ field: 'username' }] });
    expect(body.message).toContain('username: is too short');
  });

  it.each([
    [ErrorCode.UsernameTaken, 409],
    [ErrorCode.NotFound, 404],
    [ErrorCode.RateLimited, 429],
    [ErrorCode.InvalidCredentials, 401],
    [ErrorCode.Unavailable, 503],
  ])('maps %s to %i', (code, status) => {
    expect(mapError(new DomainError(code, 'x')).body.statusCode).toBe(status);
  });

  it('maps framework 4xx exceptions to contract codes', () => {
    expect(mapError(new NotFoundException()).body).toMatchObject({ statusCode: 404, code: ErrorCode.NotFound });
    expect(mapError(new BadRequestException('nope')).body).toMatchObject({ statusCode: 400, message: 'nope' });
  });

  it('maps an oversized body to 413', () => {
    expect(mapError(Object.assign(new Error('too large'), { type: 'entity.too.large' })).body).toMatchObject({
      statusCode: 413,
      code: ErrorCode.PayloadTooLarge,
    });
  });

  it('hides the details of unexpected errors', () => {
    const { body, unexpected } = mapError(new Error('SELECT * FROM secrets failed'));
    expect(unexpected).toBe(true);
    expect(body).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Something went wrong on our side',
      code: ErrorCode.Internal,
    });
  });
});
