import { Route } from '@angular/router';
import { ChatHomePage } from './conversation/chat-home.page';
import { ConversationPage } from './conversation/conversation.page';
import { ChatShell } from './shell/chat-shell.component';

/** Everything behind login, in one lazy chunk (socket.io-client and the CDK stay out of the initial bundle). */
export const chatRoutes: Route[] = [
  {
    path: '',
    component: ChatShell,
    children: [
      // No route titles here: the pages set theirs through PageTitle, which adds the unread count.
      { path: '', component: ChatHomePage },
      { path: ':conversationId', component: ConversationPage },
    ],
  },
];
