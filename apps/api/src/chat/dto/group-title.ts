import { Limits } from '@parley/contract';
import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** A group's title: text, 1 to 80 characters once trimmed (trim it with `@Transform(trim)` first). */
export const GroupTitle = () =>
  applyDecorators(
    IsString({ message: 'must be text' }),
    IsNotEmpty({ message: 'must not be empty' }),
    MaxLength(Limits.groupTitleMax, { message: `must be at most ${Limits.groupTitleMax} characters` }),
  );
