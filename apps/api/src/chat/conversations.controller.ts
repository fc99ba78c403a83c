import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Put, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Limits, type Conversation, type Page, type ReadMarker } from '@parley/contract';
import type { Response } from 'express';
import { CurrentUser, type AuthUser } from '../auth/current-user.decorator';
import { DomainError } from '../common/domain-error';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { ConversationMuteService } from './conversation-mute.service';
import { ConversationsService } from './conversations.service';
import { ConversationDto, ConversationPageDto } from './dto/conversation.dto';
import { CreateConversationDto } from './dto/create-conversation.dto';
import { AddMembersDto, MarkReadDto, ReadMarkerDto, RenameConversationDto } from './dto/group-changes.dto';
import { ListConversationsQueryDto } from './dto/list-conversations.query';
import { MuteConversationDto } from './dto/mute-conversation.dto';
import { GroupsService } from './groups.service';
import { ReadStateService } from './read-state.service';

@ApiTags('conversations')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly groups: GroupsService,
    private readonly readState: ReadStateService,
    private readonly mute: ConversationMuteService,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: ConversationDto, description: 'Created; for a direct conversation, 200 with the same one when it already exists' })
  @ApiNotFoundResponse({ description: 'No such user (direct)' })
  async open(
    @CurrentUser() user: AuthUser,
    @Body() dto: CreateConversationDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Conversation> {
    // v1's direct conversation exactly: one other person and no title.
    if (dto.memberIds.length === 1 && dto.title === undefined) {
      const { conversation, created } = await this.conversations.openDirect(user.id, dto.memberIds[0]);
      res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
      return conversation;
    }
    const problems = [
      ...(dto.memberIds.length < Limits.groupMembersMin - 1
        ? [{ field: 'memberIds', message: `must name at least ${Limits.groupMembersMin - 1} other users for a group` }]
        : []),
      ...(dto.title === undefined ? [{ field: 'title', message: 'is required for a group' }] : []),
    ];
    if (problems.length) throw DomainError.validation(problems);
    return this.groups.create(user.id, dto.memberIds, dto.title!);
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

  @Patch(':id')
  @ApiOkResponse({ type: ConversationDto, description: 'Renamed (any member of a group)' })
  @ApiConflictResponse({ description: 'NOT_A_GROUP: a direct conversation' })
  rename(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: RenameConversationDto): Promise<Conversation> {
    return this.groups.rename(user.id, id, dto.title);
  }

  @Put(':id/mute')
  @ApiOkResponse({ type: ConversationDto, description: 'The conversation as I see it now; my other devices get conversation:updated' })
  @ApiNotFoundResponse({ description: 'No such conversation, or not yours' })
  setMuted(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: MuteConversationDto): Promise<Conversation> {
    return this.mute.setMuted(user.id, id, dto.muted);
  }

  @Post(':id/members')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ConversationDto, description: 'Added (any member of a group); people already in it are ignored' })
  @ApiConflictResponse({ description: 'NOT_A_GROUP: a direct conversation' })
  addMembers(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: AddMembersDto): Promise<Conversation> {
    return this.groups.addMembers(user.id, id, dto.userIds);
  }

  @Delete(':id/members/:userId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Removed; your own id means leaving' })
  @ApiForbiddenResponse({ description: 'Only the creator may remove others' })
  @ApiConflictResponse({ description: 'NOT_A_GROUP: a direct conversation' })
  async removeMember(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Param('userId', UuidParamPipe) userId: string,
  ): Promise<void> {
    await this.groups.removeMember(user.id, id, userId);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOkResponse({ type: ReadMarkerDto, description: 'My marker after the call (it only moves forward)' })
  markRead(@CurrentUser() user: AuthUser, @Param('id', UuidParamPipe) id: string, @Body() dto: MarkReadDto): Promise<ReadMarker> {
    return this.readState.markRead(user.id, id, dto.seq);
  }
}
