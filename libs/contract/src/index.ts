export * from './lib/errors';
export * from './lib/limits';
export * from './lib/user';
export * from './lib/message';
export * from './lib/conversation';
export * from './lib/socket-events';
export * from './lib/sync';
export * from './lib/search';
