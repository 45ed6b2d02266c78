// What the user can set on the options page, with its defaults and checks. No I/O except storage.
import { ext } from "./browser.js";

export const DEFAULTS = Object.freeze({
  backendUrl: "http://127.0.0.1:8000",
  apiKey: "",
});

// The page's HTML is refused before sending when larger than this (UTF-8 bytes). The service has its
// own body cap; this one keeps a huge page from being copied between processes at all.
export const MAX_PAGE_BYTES = 4 * 1024 * 1024;

// How long the service may take before the reader view says so. Below the 30 s after which an idle
// Manifest V3 service worker may be stopped; the service's own deadline is shorter still.
export const REQUEST_TIMEOUT_MS = 25_000;

// Returns the backend URL without a trailing slash, or throws Error with a message for a person.
export function normalizeBackendUrl(raw) {
  const text = String(raw ?? "").trim();
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${text}" is not a URL. Example: ${DEFAULTS.backendUrl}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error("The service URL must start with http:// or https://");
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new Error("The service URL takes no query, fragment or credentials");
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

// The host-permission match pattern that covers the backend, e.g. "http://127.0.0.1:8000/*".
export function originPattern(backendUrl) {
  return `${new URL(backendUrl).origin}/*`;
}

export async function loadSettings() {
  const stored = await ext.storage.local.get(Object.keys(DEFAULTS));
  return { ...DEFAULTS, ...stored };
}

export async function saveSettings({ backendUrl, apiKey }) {
  const clean = { backendUrl: normalizeBackendUrl(backendUrl), apiKey: String(apiKey ?? "").trim() };
  await ext.storage.local.set(clean);
  return clean;
}
