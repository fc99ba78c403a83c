import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from '@parley/contract';
import type { Server, Socket } from 'socket.io';

/** The Socket.IO server and socket, typed by the contract's event maps (STYLE rule 2). */
export type ParleyServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type ParleySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
