import { Injectable } from '@nestjs/common';
import { IsoDate, todayUtc } from './dates';

/** The time, behind a provider so that tests (and the scheduler's ticks) can set it. */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  today(): IsoDate {
    return todayUtc(this.now());
  }
}
