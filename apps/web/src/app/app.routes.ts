import { Route } from '@angular/router';
import { authGuard, guestGuard } from './auth/auth.guards';

export const appRoutes: Route[] = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Parley',
    canActivate: [guestGuard],
    loadComponent: () => import('./welcome/welcome.page').then((m) => m.WelcomePage),
  },
  {
    path: 'login',
    title: 'Log in · Parley',
    canActivate: [guestGuard],
    loadComponent: () => import('./auth/login/login.page').then((m) => m.LoginPage),
  },
  {
    path: 'signup',
    title: 'Sign up · Parley',
    canActivate: [guestGuard],
    loadComponent: () => import('./auth/signup/signup.page').then((m) => m.SignupPage),
  },
  {
    path: 'chat',
    canActivate: [authGuard],
    loadChildren: () => import('./chat/chat.routes').then((m) => m.chatRoutes),
  },
  { path: '**', redirectTo: '' },
];
