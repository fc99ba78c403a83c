import { Injectable } from '@nestjs/common';

/**
 * How many sends wait in this process's write queue: the message writer keeps the count, the socket
 * guard reads it to stop reading from senders while the database is behind. Its own small provider so
 * that the guard (auth/) needs nothing of chat/.
 */
@Injectable()
export class WriteBacklog {
  waiting = 0;
}
