import { Module } from '@nestjs/common';
import { SETUP_CONTROLLERS } from './setup.controllers';
import { SetupResourceService } from './setup-resource.service';

@Module({
  controllers: SETUP_CONTROLLERS,
  providers: [SetupResourceService],
  exports: [SetupResourceService],
})
export class SetupModule {}
