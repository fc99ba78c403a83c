import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { UsersModule } from '../users/users.module';
import { UploadsModule } from '../uploads/uploads.module';
import { ChatGateway } from './chat.gateway';
import { ConversationsController } from './conversations.controller';
import { ConversationMuteService } from './conversation-mute.service';
import { ConversationsService } from './conversations.service';
import { MembershipService } from './membership.service';
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
import { MessageActionsController } from './message-actions/message-actions.controller';
import { MessageActionsService } from './message-actions/message-actions.service';
import { MessagePresenter } from './message-presenter';
import { ProfilesController } from './profiles/profiles.controller';
import { ProfilesService } from './profiles/profiles.service';
import { AccountClosure } from './profiles/account-closure.service';
import { SearchController } from './search/search.controller';
import { SearchIndex } from './search/search-index';
import { SearchService } from './search/search.service';
import { TypingGateway } from './typing/typing.gateway';
import { TypingService } from './typing/typing.service';

@Module({
  imports: [AuthModule, UsersModule, UploadsModule],
  controllers: [ConversationsController, MessagesController, MessageActionsController, SyncController, SearchController, ProfilesController],
  providers: [
    ChangeStream,
    ChatGateway,
    ConversationPresenter,
    ConversationMuteService,
    ConversationsService,
    GroupsService,
    MembershipService,
    MessageActionsService,
    MessagePresenter,
    MessagesService,
    MessageWriter,
    batchWriterProvider,
    ProfilesService,
    AccountClosure,
    ReadStateService,
    RealtimePublisher,
    SearchIndex,
    SearchService,
    SyncService,
    TypingGateway,
    TypingService,
  ],
})
export class ChatModule {}
