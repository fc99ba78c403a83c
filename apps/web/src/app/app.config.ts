import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding, withInMemoryScrolling } from '@angular/router';
import { appRoutes } from './app.routes';
import { authInterceptor } from './auth/auth.interceptor';
import { AuthStore, hasSessionHint } from './auth/auth.store';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideHttpClient(withInterceptors([authInterceptor])),
    provideRouter(appRoutes, withComponentInputBinding(), withInMemoryScrolling({ scrollPositionRestoration: 'top' })),
    // The guards need to know whether the refresh cookie still holds a session before the first navigation.
    // With a session likely, the chat chunk downloads meanwhile instead of after the refresh answered.
    provideAppInitializer(() => {
      if (hasSessionHint()) void import('./chat/chat.routes');
      return inject(AuthStore).restore();
    }),
  ],
};
