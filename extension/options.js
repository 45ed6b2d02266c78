// The options page: the service URL and API key. A non-default service URL is reached with an
// optional host permission that the user grants here (or, without it, through the service's CORS).
import { ext } from "./lib/browser.js";
import { loadSettings, normalizeBackendUrl, originPattern, saveSettings } from "./lib/settings.js";

const $ = (id) => document.getElementById(id);

function say(text, kind = "") {
  $("message").textContent = text;
  $("message").dataset.kind = kind;
}

const declaredOrigins = () => ext.runtime.getManifest().host_permissions ?? [];

// Must be called synchronously from the click: browsers only ask for a permission during a user gesture.
function askForOrigin(pattern) {
  if (declaredOrigins().includes(pattern)) return Promise.resolve(true);
  try {
    return ext.permissions.request({ origins: [pattern] }).catch(() => false);
  } catch {
    return Promise.resolve(false);
  }
}

// Least privilege: an optional origin granted for a previous service URL is given back.
async function dropOrigin(pattern, keep) {
  if (pattern === keep || declaredOrigins().includes(pattern)) return;
  try {
    await ext.permissions.remove({ origins: [pattern] });
  } catch {
    // not granted, nothing to give back
  }
}

// The backend URL in the form, normalised; null (and a warning shown) when it is not a usable URL.
function formBackendUrl() {
  try {
    return normalizeBackendUrl($("backend-url").value);
  } catch (err) {
    say(err.message, "warn");
    return null;
  }
}

async function onSave(event) {
  event.preventDefault();
  const backendUrl = formBackendUrl();
  if (!backendUrl) return;
  const pattern = originPattern(backendUrl);
  const asking = askForOrigin(pattern);
  const previous = await loadSettings();
  const saved = await saveSettings({ backendUrl, apiKey: $("api-key").value });
  $("backend-url").value = saved.backendUrl;
  say(`Saved. Allow access to ${saved.backendUrl} if the browser asks.`);
  const granted = await asking;
  await dropOrigin(originPattern(previous.backendUrl), pattern);
  if (granted) {
    say(`Saved. The extension sends pages to ${saved.backendUrl}.`, "ok");
  } else {
    say(
      `Saved, without permission for ${saved.backendUrl}: it works only if the service allows this ` +
        `extension's origin (${location.origin}) in its CORS settings.`,
      "warn",
    );
  }
}

// Asks the service for its model with the values in the form (saved or not).
async function onCheck() {
  const backendUrl = formBackendUrl();
  if (!backendUrl) return;
  const apiKey = $("api-key").value.trim();
  say(`Asking ${backendUrl}…`);
  try {
    const response = await fetch(`${backendUrl}/v1/model`, {
      headers: apiKey ? { Authorization: `Bearer ${apiKey}` } : {},
      credentials: "omit",
      cache: "no-store",
    });
    if (response.status === 401 || response.status === 403) {
      say("The service is there but refused the API key.", "warn");
    } else if (!response.ok) {
      say(`The service answered HTTP ${response.status}.`, "warn");
    } else {
      const manifest = await response.json();
      say(`Connected: model ${manifest.version ?? "(unknown version)"}.`, "ok");
    }
  } catch {
    say(`Nothing answered at ${backendUrl} (or it does not allow this extension's origin).`, "warn");
  }
}

async function main() {
  const settings = await loadSettings();
  $("backend-url").value = settings.backendUrl;
  $("api-key").value = settings.apiKey;
  $("origin").textContent = location.origin;
  $("form").addEventListener("submit", onSave);
  $("check").addEventListener("click", onCheck);
  document.body.dataset.ready = "true";
}

main();
