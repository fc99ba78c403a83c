export * from './lib/message-merge';
export * from './lib/history-gap-filler';
export * from './lib/timers';
export * from './lib/sync-catch-up';
export * from './lib/sync-page';
export * from './lib/conversation-state';
export * from './lib/conversation-list';
