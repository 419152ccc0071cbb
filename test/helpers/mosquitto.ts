import { hasTool } from './system.js';

export { freePort, startMosquitto } from '../bench/mosquitto.js';

export const hasMosquitto = (): boolean => hasTool('mosquitto', ['-h'], 'apt-get install mosquitto', { anyExitCode: true });
