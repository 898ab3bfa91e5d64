import { Module } from '@nestjs/common';
import { SETUP_CONTROLLERS } from './setup.controllers';
import { SetupRepository } from './setup.repository';
import { SetupResourceService } from './setup-resource.service';

@Module({
  controllers: SETUP_CONTROLLERS,
  providers: [SetupResourceService, SetupRepository],
  exports: [SetupResourceService, SetupRepository],
})
export class SetupModule {}
