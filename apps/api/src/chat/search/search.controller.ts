import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Message, SearchHit, SearchResponse } from '@parley/contract';
import { CurrentUser, type AuthUser } from '../../auth/current-user.decorator';
import { MessageDto } from '../dto/message.dto';
import { SearchQueryDto } from '../dto/search.query';
import { SearchService } from './search.service';

class SearchHitDto implements SearchHit {
  @ApiProperty({ type: () => MessageDto }) message!: Message;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ description: 'HTML-escaped text with <mark>…</mark> around the hits' }) snippet!: string;
}

class SearchResponseDto implements SearchResponse {
  @ApiProperty({ type: [SearchHitDto] }) items!: SearchHit[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

@ApiTags('search')
@ApiBearerAuth()
@Controller('search')
export class SearchController {
  constructor(private readonly searchService: SearchService) {}

  @Get()
  @ApiOkResponse({ type: SearchResponseDto, description: 'Newest first; live messages of your conversations only' })
  @ApiNotFoundResponse({ description: 'conversationId is not one of yours' })
  search(@CurrentUser() user: AuthUser, @Query() query: SearchQueryDto): Promise<SearchResponse> {
    return this.searchService.search(user.id, query);
  }
}
