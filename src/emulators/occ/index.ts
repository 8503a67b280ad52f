export { startOccEmulator } from './server.ts';
export type { OccEmulator, OccEmulatorOptions, OccRecordedRequest } from './server.ts';
