import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { PresenceGateway } from './presence/presence.gateway';
import { PresencePublisher } from './presence/presence-publisher';
import { PresenceService } from './presence/presence.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity])],
  controllers: [UsersController],
  providers: [UsersService, PresenceService, PresencePublisher, PresenceGateway],
  exports: [UsersService, PresenceService],
})
export class UsersModule {}
