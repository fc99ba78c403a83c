import { Body, Controller, Delete, HttpCode, HttpStatus, Param, Patch, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Message } from '@parley/contract';
import { CurrentUser, type AuthUser } from '../../auth/current-user.decorator';
import { UuidParamPipe } from '../../common/uuid-param.pipe';
import { MessageDto } from '../dto/message.dto';
import { EditMessageDto } from '../dto/send-message.dto';
import { EmojiParamPipe } from './emoji-param.pipe';
import { MessageActionsService } from './message-actions.service';

@ApiTags('messages')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such conversation or message, or not yours' })
@Controller('conversations/:id/messages/:messageId')
export class MessageActionsController {
  constructor(private readonly actions: MessageActionsService) {}

  @Patch()
  @ApiOkResponse({ type: MessageDto, description: 'Edited: editedAt set, version bumped' })
  @ApiForbiddenResponse({ description: 'Someone else’s message' })
  @ApiConflictResponse({ description: 'MESSAGE_DELETED or NOT_A_TEXT_MESSAGE' })
  edit(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('messageId', UuidParamPipe) messageId: string,
    @Body() dto: EditMessageDto,
  ): Promise<Message> {
    return this.actions.edit(user.id, id, messageId, dto.body);
  }

  @Delete()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Deleted: a tombstone keeps its seq; the text is gone from the database and the search index' })
  @ApiForbiddenResponse({ description: 'Someone else’s message' })
  async remove(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Param('messageId', UuidParamPipe) messageId: string): Promise<void> {
    await this.actions.remove(user.id, id, messageId);
  }

  @Put('reactions/:emoji')
  @ApiOkResponse({ type: MessageDto, description: 'My reaction added (a repeat changes nothing)' })
  @ApiBadRequestResponse({ description: 'Not exactly one emoji' })
  @ApiConflictResponse({ description: 'MESSAGE_DELETED or TOO_MANY_REACTIONS' })
  react(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('messageId', UuidParamPipe) messageId: string,
    @Param('emoji', EmojiParamPipe) emoji: string,
  ): Promise<Message> {
    return this.actions.react(user.id, id, messageId, emoji);
  }

  @Delete('reactions/:emoji')
  @ApiOkResponse({ type: MessageDto, description: 'My reaction removed (none to remove changes nothing)' })
  @ApiBadRequestResponse({ description: 'Not exactly one emoji' })
  @ApiConflictResponse({ description: 'MESSAGE_DELETED' })
  unreact(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('messageId', UuidParamPipe) messageId: string,
    @Param('emoji', EmojiParamPipe) emoji: string,
  ): Promise<Message> {
    return this.actions.unreact(user.id, id, messageId, emoji);
  }
}
