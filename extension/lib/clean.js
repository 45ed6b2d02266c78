// One call to the service's POST /v1/clean, turned into a reader-view state. No browser API here
// except fetch, so the mapping reads in one place.

export const STATES = Object.freeze({
  WORKING: "working",
  DONE: "done",
  EMPTY: "empty", // the service answered, but kept no line: nothing found
  UNREACHABLE: "unreachable",
  KEY_REFUSED: "key_refused",
  TOO_LARGE: "too_large",
  RATE_LIMITED: "rate_limited",
  UNAVAILABLE: "unavailable", // 503: the service is up but not ready (model not loaded)
  TIMEOUT: "timeout",
  CANNOT_READ: "cannot_read", // the browser does not let extensions read this tab
  ERROR: "error",
});

// The service's error body is {"error": {"code", "message"}}; anything else is reported as text.
async function errorDetail(response) {
  let body = "";
  try {
    body = await response.text();
    const parsed = JSON.parse(body);
    if (parsed && parsed.error) {
      return { status: response.status, code: parsed.error.code ?? null, message: parsed.error.message ?? "" };
    }
  } catch {
    // not JSON: fall through with the raw text
  }
  return { status: response.status, code: null, message: body.slice(0, 300) };
}

const STATE_BY_STATUS = new Map([
  [401, STATES.KEY_REFUSED],
  [403, STATES.KEY_REFUSED],
  [413, STATES.TOO_LARGE],
  [429, STATES.RATE_LIMITED],
  [503, STATES.UNAVAILABLE],
]);

export function stateForResult(result) {
  const kept = (result.lines ?? []).some((line) => line.keep);
  return kept || (result.text ?? "").trim() ? STATES.DONE : STATES.EMPTY;
}

// The service echoes the URL back and refuses one longer than this.
const MAX_URL_CHARS = 2048;

// A 422 from a service older than `include_markdown`, which refuses the field it does not know.
async function refusesMarkdown(response) {
  if (response.status !== 422) return false;
  const { message } = await errorDetail(response.clone());
  return message.includes("include_markdown");
}

// settings: {backendUrl, apiKey}; page: {html, url}. Resolves to {state, result?, detail?}; never throws.
// Asks for the Markdown answer; a service too old to give it is asked once more without it, and the
// reader view then shows the page line by line.
export async function cleanPage(settings, page, { timeoutMs, fetchImpl = fetch } = {}) {
  const headers = { "Content-Type": "application/json", Accept: "application/json" };
  if (settings.apiKey) headers.Authorization = `Bearer ${settings.apiKey}`;
  const abort = new AbortController();
  const timer = timeoutMs ? setTimeout(() => abort.abort(), timeoutMs) : null;
  const request = { html: page.html, url: page.url.slice(0, MAX_URL_CHARS) };
  const post = (body) =>
    fetchImpl(`${settings.backendUrl}/v1/clean`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      signal: abort.signal,
      credentials: "omit",
      cache: "no-store",
    });
  let response;
  try {
    response = await post({ ...request, include_markdown: true });
    if (await refusesMarkdown(response)) response = await post(request);
  } catch (err) {
    if (abort.signal.aborted) {
      return { state: STATES.TIMEOUT, detail: { message: `no answer within ${Math.round(timeoutMs / 1000)} s` } };
    }
    // fetch rejects with a TypeError for refused connections, DNS failures and CORS refusals alike.
    return { state: STATES.UNREACHABLE, detail: { message: String(err?.message ?? err) } };
  } finally {
    if (timer) clearTimeout(timer);
  }
  if (!response.ok) {
    const detail = await errorDetail(response);
    return { state: STATE_BY_STATUS.get(response.status) ?? STATES.ERROR, detail };
  }
  let result;
  try {
    result = await response.json();
  } catch (err) {
    return { state: STATES.ERROR, detail: { status: response.status, message: `bad JSON: ${err.message}` } };
  }
  return { state: stateForResult(result), result };
}
