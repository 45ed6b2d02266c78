// One name for the WebExtension API: Firefox's promise-based `browser`, else Chromium's `chrome`
// (which returns promises in Manifest V3 too).
export const ext = globalThis.browser ?? globalThis.chrome;
