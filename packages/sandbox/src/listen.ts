import type { Server } from 'node:net';
import { errorCode, listeningPort } from '@kong-workshop/common';

/**
 * Listens on 127.0.0.1:`port`. When the port is taken, says so and takes a free one instead,
 * so a second sandbox (or a real Kong on 8000) never stops the workshop.
 */
export async function listenWithFallback(
  server: Server,
  port: number,
  label: string,
  log: (line: string) => void,
): Promise<number> {
  try {
    return await listen(server, port);
  } catch (error) {
    if (errorCode(error) !== 'EADDRINUSE' || port === 0) throw error;
    const free = await listen(server, 0);
    log(`port ${port} is taken; the ${label} listens on ${free} instead`);
    return free;
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve(listeningPort(server));
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, '127.0.0.1');
  });
}
