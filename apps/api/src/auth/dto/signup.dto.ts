import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Limits, type SignupRequest } from '@parley/contract';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, MaxLength, ValidateBy } from 'class-validator';
import { hasVisibleCharacter, sanitizeDisplayName } from '../../users/display-name';

/** An empty name means "use my username"; anything else must show at least one character. */
const HasVisibleCharacter = () =>
  ValidateBy(
    {
      name: 'hasVisibleCharacter',
      validator: { validate: (value: unknown) => typeof value !== 'string' || value === '' || hasVisibleCharacter(value) },
    },
    { message: 'must contain a visible character' },
  );

export class SignupDto implements SignupRequest {
  @ApiProperty({ minLength: Limits.usernameMin, maxLength: Limits.usernameMax, example: 'alice' })
  @IsString()
  @Length(Limits.usernameMin, Limits.usernameMax, {
    message: `must be ${Limits.usernameMin} to ${Limits.usernameMax} characters`,
  })
  @Matches(Limits.usernamePattern, { message: 'may contain only letters, digits, _ . and -' })
  username!: string;

  @ApiProperty({ minLength: Limits.passwordMin, maxLength: Limits.passwordMax, format: 'password' })
  @IsString()
  @Length(Limits.passwordMin, Limits.passwordMax, {
    message: `must be ${Limits.passwordMin} to ${Limits.passwordMax} characters`,
  })
  password!: string;

  @ApiPropertyOptional({
    maxLength: Limits.displayNameMax,
    example: 'Alice Liddell',
    description: 'Control characters, bidi overrides and terminal escapes are removed, whitespace collapsed; must show a character',
  })
  @IsOptional()
  // A name that sanitises to nothing is refused (kept as given so the check below sees it), not turned into the default.
  @Transform(({ value }) => (sanitizeDisplayName(value) === '' ? value : sanitizeDisplayName(value)))
  @IsString()
  @HasVisibleCharacter()
  @MaxLength(Limits.displayNameMax, { message: `must be at most ${Limits.displayNameMax} characters` })
  displayName?: string;
}
