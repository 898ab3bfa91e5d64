import { serve } from '../../main';
import type { CliCommand } from './command';

export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'costclose serve',
  async run() {
    await serve();
    return -1; // keeps running
  },
};
