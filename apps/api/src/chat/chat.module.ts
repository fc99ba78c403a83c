import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { ChatGateway } from './chat.gateway';
import { ConversationMemberEntity } from './conversation-member.entity';
import { ConversationEntity } from './conversation.entity';
import { ConversationsController } from './conversations.controller';
import { ConversationsService } from './conversations.service';
import { MembershipService } from './membership.service';
import { MessageEntity } from './message.entity';
import { batchWriterProvider } from './message-writer/batch-writer';
import { MessageWriter } from './message-writer/message-writer';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';
import { RealtimePublisher } from './realtime-publisher';
import { SyncController } from './sync.controller';
import { SyncService } from './sync.service';
import { ConversationPresenter } from './conversation-presenter';
import { GroupsService } from './groups.service';
import { ReadStateService } from './read-state.service';
import { ChangeStream } from './stream/change-stream';
import { sqlExecutorProvider } from '../database/sql/sql-executor.provider';

@Module({
  imports: [TypeOrmModule.forFeature([ConversationEntity, ConversationMemberEntity, MessageEntity]), AuthModule, UsersModule],
  controllers: [ConversationsController, MessagesController, SyncController],
  providers: [
    sqlExecutorProvider,
    ChangeStream,
    ChatGateway,
    ConversationPresenter,
    ConversationsService,
    GroupsService,
    MembershipService,
    MessagesService,
    MessageWriter,
    batchWriterProvider,
    ReadStateService,
    RealtimePublisher,
    SyncService,
  ],
})
export class ChatModule {}
