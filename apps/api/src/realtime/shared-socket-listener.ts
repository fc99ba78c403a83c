import type { ParleySocket } from './realtime.types';

/**
 * One listener function for every socket instead of a closure per socket (part of what every idle
 * socket costs): Socket.IO calls a listener with its socket as `this`, handed to `handle` first.
 */
export function sharedSocketListener<A extends unknown[]>(handle: (socket: ParleySocket, ...args: A) => void): (this: ParleySocket, ...args: A) => void {
  return function (this: ParleySocket, ...args: A) {
    handle(this, ...args);
  };
}
