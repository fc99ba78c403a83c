import type { LoggerService } from '@nestjs/common';
import { quietBootLogger } from './quiet-boot-logger';

const aLogger = () => ({ log: vi.fn(), error: vi.fn(), warn: vi.fn(), debug: vi.fn(), verbose: vi.fn() }) satisfies LoggerService;

describe('quietBootLogger', () => {
  it('logs route mapping and module loading at debug, everything else as it was', () => {
    const inner = aLogger();
    const logger = quietBootLogger(inner);
    logger.log('Mapped {/api/users, GET} route', 'RouterExplorer');
    logger.log('AppModule dependencies initialized', 'InstanceLoader');
    logger.log('Parley listening on http://localhost:3000');
    logger.warn('No web client', 'Web');
    expect(inner.debug.mock.calls).toEqual([
      ['Mapped {/api/users, GET} route', 'RouterExplorer'],
      ['AppModule dependencies initialized', 'InstanceLoader'],
    ]);
    expect(inner.log.mock.calls).toEqual([['Parley listening on http://localhost:3000']]);
    expect(inner.warn).toHaveBeenCalledWith('No web client', 'Web');
  });
});
