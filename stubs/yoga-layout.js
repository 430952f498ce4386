// ink's `import Yoga from 'yoga-layout'`, without the detour through fetch. yoga-layout's
// Emscripten loader fetch()es its own inline wasm (a data: URL) whenever a global fetch exists,
// and in Node the first touch of fetch loads undici: about 100 ms of the workshop's start, before
// the first key is read. With no fetch in sight the loader decodes the same data URL itself.
// The check for fetch runs while loadYoga() is called, so fetch is hidden for that call only.
import loadYogaImpl from '../node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js';
import wrapAssembly from '../node_modules/yoga-layout/dist/src/wrapAssembly.js';

export * from '../node_modules/yoga-layout/dist/src/generated/YGEnums.js';

// The descriptor, not the value: reading globalThis.fetch is what loads undici.
const fetchDescriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
let loading;
try {
  Object.defineProperty(globalThis, 'fetch', { value: undefined, configurable: true, writable: true });
  loading = loadYogaImpl();
} finally {
  if (fetchDescriptor) Object.defineProperty(globalThis, 'fetch', fetchDescriptor);
  else delete globalThis.fetch;
}

const Yoga = wrapAssembly(await loading);
export default Yoga;
