// The service worker: the toolbar action "Clean this page" reads the tab's rendered DOM (activeTab +
// scripting), sends it to the configured linesift service and opens the reader view on the result.
import { ext } from "./lib/browser.js";
import { cleanPage, STATES } from "./lib/clean.js";
import { createJob, getJob, updateJob } from "./lib/jobs.js";
import { loadSettings, MAX_PAGE_BYTES, REQUEST_TIMEOUT_MS } from "./lib/settings.js";

// Injected into the page. Measures the HTML in the page and returns it only when it may be sent, so a
// huge page is never copied into the extension.
function capturePage(maxBytes) {
  const html = document.documentElement.outerHTML;
  const bytes = new Blob([html]).size;
  return { url: location.href, title: document.title, bytes, html: bytes <= maxBytes ? html : null };
}

async function capture(tabId) {
  const [injection] = await ext.scripting.executeScript({
    target: { tabId },
    func: capturePage,
    args: [MAX_PAGE_BYTES],
  });
  if (!injection || injection.result == null) throw new Error("the page returned nothing");
  return injection.result;
}

// Capture -> size check -> service -> job state. Every exit writes a state the reader view can show.
async function runJob(jobId, tabId) {
  const settings = await loadSettings();
  await updateJob(jobId, { state: STATES.WORKING, backendUrl: settings.backendUrl });
  let page;
  try {
    page = await capture(tabId);
  } catch (err) {
    return updateJob(jobId, { state: STATES.CANNOT_READ, detail: { message: String(err?.message ?? err) } });
  }
  const pageFields = { url: page.url, title: page.title, bytes: page.bytes };
  if (page.html === null) {
    return updateJob(jobId, { ...pageFields, state: STATES.TOO_LARGE, detail: { limit: MAX_PAGE_BYTES } });
  }
  const outcome = await cleanPage(settings, page, { timeoutMs: REQUEST_TIMEOUT_MS });
  return updateJob(jobId, { ...pageFields, ...outcome });
}

async function onAction(tab) {
  const job = await createJob({ tabId: tab.id, url: tab.url ?? "", title: tab.title ?? "" });
  await ext.tabs.create({
    url: ext.runtime.getURL(`reader.html?job=${encodeURIComponent(job.id)}`),
    index: tab.index + 1,
    openerTabId: tab.id,
  });
  await runJob(job.id, tab.id);
}

ext.action.onClicked.addListener((tab) => {
  onAction(tab).catch((err) => console.error("linesift: clean failed", err));
});

// The reader view's "Try again": the activeTab grant lasts until the source tab navigates away.
ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message?.type !== "retry" || !sender.url?.startsWith(ext.runtime.getURL(""))) return false;
  getJob(message.jobId)
    .then((job) => (job ? runJob(job.id, job.tabId) : null))
    .then((job) => sendResponse({ ok: Boolean(job) }))
    .catch((err) => sendResponse({ ok: false, error: String(err?.message ?? err) }));
  return true; // sendResponse is called asynchronously
});
