export { startCommercetoolsEmulator } from './emulator.ts';
export type { CommercetoolsEmulator, CommercetoolsEmulatorOptions, RecordedRequest } from './emulator.ts';
