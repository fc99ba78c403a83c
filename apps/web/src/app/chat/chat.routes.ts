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
      { path: '', title: 'Chats · Parley', component: ChatHomePage },
      { path: ':conversationId', component: ConversationPage },
    ],
  },
];
