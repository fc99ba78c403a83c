import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Conversation, Page } from '@parley/contract';
import type { Response } from 'express';
import { CurrentUser, type AuthUser } from '../auth/current-user.decorator';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { ConversationsService } from './conversations.service';
import { ConversationDto, ConversationPageDto } from './dto/conversation.dto';
import { CreateConversationDto } from './dto/create-conversation.dto';
import { ListConversationsQueryDto } from './dto/list-conversations.query';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Post()
  @ApiCreatedResponse({ type: ConversationDto, description: 'Created; 200 with the same conversation when it already exists' })
  @ApiNotFoundResponse({ description: 'No such user' })
  async open(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateConversationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Conversation> {
    const { conversation, created } = await this.conversations.openDirect(user.id, dto.memberIds[0]);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return conversation;
  }

  @Get()
  @ApiOkResponse({ type: ConversationPageDto, description: 'Mine, most recently active first' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListConversationsQueryDto): Promise<Page<Conversation>> {
    return this.conversations.list(user.id, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ConversationDto })
  @ApiNotFoundResponse({ description: 'No such conversation, or not yours' })
  get(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string): Promise<Conversation> {
    return this.conversations.get(user.id, id);
  }
}
