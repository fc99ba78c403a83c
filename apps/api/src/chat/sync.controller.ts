import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SyncResponse } from '@parley/contract';
import { CurrentUser, type AuthUser } from '../auth/current-user.decorator';
import { SyncQueryDto } from './dto/sync.query';
import { SyncResponseDto } from './dto/sync-response.dto';
import { SyncService } from './sync.service';

@ApiTags('sync')
@ApiBearerAuth()
@Controller('sync')
export class SyncController {
  constructor(private readonly syncService: SyncService) {}

  @Get()
  @ApiOkResponse({ type: SyncResponseDto, description: 'Every message stored after `since` in your conversations' })
  sync(@CurrentUser() user: AuthUser, @Query() query: SyncQueryDto): Promise<SyncResponse> {
    return this.syncService.sync(user.id, query);
  }
}
