import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Message, MessagePage } from '@parley/contract';
import type { Response } from 'express';
import { CurrentUser, type AuthUser } from '../auth/current-user.decorator';
import { UuidParamPipe } from '../common/uuid-param.pipe';
import { SendRateLimitGuard } from '../rate-limit/send-rate-limit.guard';
import { ListMessagesQueryDto } from './dto/list-messages.query';
import { MessageDto, MessagePageDto } from './dto/message.dto';
import { SendMessageDto } from './dto/send-message.dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'No such conversation, or not yours' })
@Controller('conversations/:id/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @Get()
  @ApiOkResponse({ type: MessagePageDto, description: 'Ascending seq' })
  history(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: ListMessagesQueryDto,
  ): Promise<MessagePage> {
    return this.messages.history(user.id, id, query);
  }

  @Post()
  @UseGuards(SendRateLimitGuard)
  @ApiCreatedResponse({ type: MessageDto, description: 'Stored; 200 with the stored message for a repeated clientMessageId' })
  async send(
    @CurrentUser() user: AuthUser,
    @Param('id', UuidParamPipe) id: string,
    @Body() dto: SendMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Message> {
    const { message, created } = await this.messages.send(user.id, id, dto);
    res.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return message;
  }
}
