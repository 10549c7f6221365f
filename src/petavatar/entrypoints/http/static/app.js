// PetAvatar web page: the public API only (presign → upload → status → results).
"use strict";

(() => {
  const KEY_STORE = "petavatar.apiKey";
  const BASE_STORE = "petavatar.apiBase";
  const POLL_MS = 700;
  const TYPES = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png",
    heic: "image/heic", heif: "image/heic" };
  const STEPS = { queued: "Waiting for a worker", processing: "Working on it",
    completed: "Done", failed: "Failed" };

  const $ = (id) => document.getElementById(id);
  let chosen = null;
  let previewUrl = null;
  let jsonUrl = null;
  let busy = false;

  class ApiError extends Error {
    constructor(message, code, status) {
      super(message);
      this.code = code;
      this.status = status;
    }
  }

  // -- settings kept in the browser ---------------------------------------------------

  function storage(name, value) {
    try {
      if (value === undefined) return window.localStorage.getItem(name) || "";
      if (value) window.localStorage.setItem(name, value);
      else window.localStorage.removeItem(name);
    } catch (_) { /* private mode: keep it for this page only */ }
    return value || "";
  }

  function apiBase() {
    const stored = storage(BASE_STORE).trim();
    const base = stored || window.location.origin;
    return base.replace(/\/+$/, "");
  }

  function showKeyState() {
    const key = storage(KEY_STORE);
    $("key-form").hidden = Boolean(key);
    $("key-saved").hidden = !key;
    $("key-hint").textContent = key ? `…${key.slice(-4)}` : "";
    $("api-hint").textContent = apiBase();
    $("api-base").value = storage(BASE_STORE);
  }

  function saveKey() {
    const key = $("api-key").value.trim();
    if (!key) {
      showError("Paste an API key first.");
      return false;
    }
    storage(KEY_STORE, key);
    storage(BASE_STORE, $("api-base").value.trim());
    $("api-key").value = "";
    clearError();
    showKeyState();
    return true;
  }

  // -- messages -----------------------------------------------------------------------

  function showError(message) {
    const box = $("error");
    box.textContent = message;
    box.hidden = false;
  }

  function clearError() {
    $("error").hidden = true;
    $("error").textContent = "";
  }

  function setProgress(percent, text) {
    $("progress-box").hidden = false;
    $("progress").value = Math.max(0, Math.min(100, percent));
    $("status-text").textContent = text;
  }

  // -- HTTP -----------------------------------------------------------------------------

  async function errorFrom(response) {
    const text = await response.text().catch(() => "");
    let code = `http_${response.status}`;
    let message = "";
    try {
      const body = JSON.parse(text);
      code = body.error || code;
      message = body.message || (typeof body.detail === "string" ? body.detail : "");
    } catch (_) {
      const xml = new DOMParser().parseFromString(text, "application/xml");
      const node = xml.querySelector("Message");
      if (node) message = node.textContent;
      const codeNode = xml.querySelector("Code");
      if (codeNode) code = codeNode.textContent;
    }
    return new ApiError(message || `the server answered ${response.status} ${response.statusText}`,
      code, response.status);
  }

  async function send(url, options, what) {
    let response;
    try {
      response = await fetch(url, options);
    } catch (err) {
      throw new ApiError(`Could not reach ${what} at ${new URL(url).origin} (${err.message}). ` +
        "Check the API address, that the service is running and that it allows this page's " +
        "origin (CORS).", "network_error", 0);
    }
    if (!response.ok) throw await errorFrom(response);
    return response;
  }

  async function api(path) {
    const headers = { "x-api-key": storage(KEY_STORE), Accept: "application/json" };
    const response = await send(`${apiBase()}${path}`, { headers, mode: "cors" }, "the PetAvatar API");
    return response.json();
  }

  // -- the flow -------------------------------------------------------------------------

  function contentType(file) {
    if (file.type && file.type !== "application/octet-stream") return file.type;
    const ext = (file.name.split(".").pop() || "").toLowerCase();
    return TYPES[ext] || "application/octet-stream";
  }

  function hintQuery() {
    const params = new URLSearchParams();
    const hints = { species: $("species").value, breed: $("breed").value.trim(),
      pet_name: $("pet-name").value.trim() };
    for (const [name, value] of Object.entries(hints)) if (value) params.set(name, value);
    const query = params.toString();
    return query ? `?${query}` : "";
  }

  async function upload(ticket, file) {
    const form = new FormData();
    for (const [name, value] of Object.entries(ticket.upload_fields)) form.append(name, value);
    form.append("Content-Type", contentType(file));
    form.append("file", file, file.name || "photo");
    await send(ticket.upload_url, { method: "POST", body: form, mode: "cors" }, "the upload service");
  }

  async function waitFor(jobId) {
    for (;;) {
      const status = await api(`/status/${encodeURIComponent(jobId)}`);
      setProgress(status.progress, `${STEPS[status.status] || status.status} · ${status.progress}%`);
      if (status.status === "completed") return;
      if (status.status === "failed") {
        throw new ApiError(status.error || "processing failed", status.error_code || "failed", 0);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async function run(file) {
    setProgress(2, "Asking for an upload slot");
    const ticket = await api(`/presigned-url${hintQuery()}`);
    setProgress(5, "Uploading the photo");
    await upload(ticket, file);
    setProgress(10, "Uploaded · waiting for a worker");
    await waitFor(ticket.job_id);
    setProgress(100, "Done · fetching the persona");
    return api(`/results/${encodeURIComponent(ticket.job_id)}`);
  }

  function describe(err) {
    if (!(err instanceof ApiError)) return `Something went wrong: ${err.message || err}`;
    if (err.status === 401) {
      return `Your API key was not accepted: ${err.message} ` +
        "Paste a valid key (petavatar keys create makes one).";
    }
    return err.message;
  }

  async function onSubmit(event) {
    event.preventDefault();
    if (busy) return;
    clearError();
    if (!storage(KEY_STORE) && !saveKey()) return;
    if (!chosen) {
      showError("Choose or drop a photo of your pet first.");
      return;
    }
    busy = true;
    $("submit").disabled = true;
    $("result").hidden = true;
    try {
      showResult(await run(chosen));
      $("progress-box").hidden = true;
    } catch (err) {
      $("progress-box").hidden = true;
      showError(describe(err));
      if (err instanceof ApiError && err.status === 401) {
        $("key-form").hidden = false;
        $("key-saved").hidden = true;
      }
    } finally {
      busy = false;
      $("submit").disabled = false;
    }
  }

  // -- results --------------------------------------------------------------------------

  function fill(list, items, tag) {
    list.replaceChildren(...items.map((text) => {
      const node = document.createElement(tag);
      node.textContent = text;
      return node;
    }));
  }

  function showResult(results) {
    const identity = results.identity;
    const pet = results.pet_analysis;
    const career = results.career || {};
    $("human-name").textContent = identity.human_name;
    $("job-title").textContent = `${identity.job_title} · ${identity.seniority}`;
    $("industry").textContent = [career.industry, career.work_style].filter(Boolean).join(" · ");
    $("score").textContent = `${identity.similarity_score}%`;
    const name = pet.pet_name ? `${pet.pet_name}, ` : "";
    const vibe = pet.vibe ? ` · vibe: ${pet.vibe}` : "";
    $("pet-line").textContent = `${name}${pet.breed} (${pet.species.replace("_", " ")})${vibe}`;
    fill($("bio"), identity.bio.split(/\n\s*\n/).filter((p) => p.trim()), "p");
    fill($("skills"), identity.skills, "li");
    const path = identity.career_trajectory;
    $("trajectory-past").textContent = path.past;
    $("trajectory-present").textContent = path.present;
    $("trajectory-future").textContent = path.future;
    $("avatar").src = results.avatar_url;
    $("report-card").src = results.report_card_url;
    $("download-avatar").href = results.avatar_url;
    $("download-card").href = results.report_card_url;
    $("download-og").href = results.report_card_og_url;
    $("download-og").hidden = !results.report_card_og_url;
    if (jsonUrl) URL.revokeObjectURL(jsonUrl);
    const doc = { job_id: results.job_id, identity, pet_analysis: pet, career };
    jsonUrl = URL.createObjectURL(new Blob([JSON.stringify(doc, null, 2)],
      { type: "application/json" }));
    $("download-json").href = jsonUrl;
    $("result").hidden = false;
    $("result").scrollIntoView({ behavior: "smooth", block: "start" });
  }

  // -- picking a photo ------------------------------------------------------------------

  function choose(file) {
    if (!file) return;
    chosen = file;
    clearError();
    if (previewUrl) URL.revokeObjectURL(previewUrl);
    previewUrl = URL.createObjectURL(file);
    const preview = $("preview");
    preview.hidden = false;
    preview.onerror = () => { preview.hidden = true; };
    preview.src = previewUrl;
    const size = file.size >= 1e6 ? `${(file.size / 1e6).toFixed(1)} MB`
      : `${Math.max(1, Math.round(file.size / 1e3))} kB`;
    $("drop-text").textContent = `${file.name} · ${size} · drop another to replace`;
  }

  function wireDropZone() {
    const zone = $("drop-zone");
    for (const name of ["dragenter", "dragover"]) {
      zone.addEventListener(name, (event) => {
        event.preventDefault();
        zone.classList.add("over");
      });
    }
    for (const name of ["dragleave", "drop"]) {
      zone.addEventListener(name, () => zone.classList.remove("over"));
    }
    zone.addEventListener("drop", (event) => {
      event.preventDefault();
      choose(event.dataTransfer && event.dataTransfer.files[0]);
    });
    $("photo").addEventListener("change", (event) => choose(event.target.files[0]));
  }

  function init() {
    showKeyState();
    wireDropZone();
    $("save-key").addEventListener("click", saveKey);
    $("api-key").addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        saveKey();
      }
    });
    $("change-key").addEventListener("click", () => {
      $("key-form").hidden = false;
      $("key-saved").hidden = true;
      $("api-key").focus();
    });
    $("upload-form").addEventListener("submit", onSubmit);
    $("again").addEventListener("click", () => {
      $("result").hidden = true;
      $("upload-form").reset();
      chosen = null;
      $("preview").hidden = true;
      $("drop-text").textContent = "Drop a photo here, or choose one";
      window.scrollTo({ top: 0, behavior: "smooth" });
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
