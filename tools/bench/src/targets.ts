import type { Child } from './process-control';
import type { LoadGroup, TargetName } from './bench-types';

/** A server under test, up and ready, with the users and conversations the load will use. */
export interface RunningTarget {
  name: TargetName;
  /** One per server process. */
  urls: string[];
  servers: Child[];
  groups: LoadGroup[];
  /** Seconds spent starting the server and creating users and conversations (not measured). */
  setupS: number;
  stop(): Promise<void>;
}
