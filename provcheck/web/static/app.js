// provcheck web app: progress polling and claim selection. Plain JavaScript, no build step.
"use strict";

function pollJob(box) {
  const id = box.dataset.job, kind = box.dataset.kind, started = Date.now();
  const stage = document.getElementById("job-stage"), bar = document.getElementById("job-bar");
  const elapsed = document.getElementById("job-elapsed"), error = document.getElementById("job-error");
  async function tick() {
    elapsed.textContent = "(" + Math.round((Date.now() - started) / 1000) + " s)";
    let job;
    try {
      const response = await fetch("/api/jobs/" + encodeURIComponent(id), {headers: {Accept: "application/json"}});
      if (!response.ok) { throw new Error("the server answered " + response.status); }
      job = await response.json();
    } catch (err) {
      error.textContent = "Lost contact with the server: " + err.message + ". Reload the page to try again.";
      error.hidden = false;
      return;
    }
    stage.textContent = job.stage + (job.total > 0 ? " (" + job.done + " of " + job.total + ")" : "");
    box.dataset.state = job.state;
    if (job.total > 0) { bar.max = job.total; bar.value = job.done; } else { bar.removeAttribute("value"); }
    if (job.state === "done") {
      window.location.assign(kind === "index" ? "/corpus" : "/reports/" + encodeURIComponent(job.result));
    } else if (job.state === "failed") {
      error.textContent = job.error; error.hidden = false; bar.max = 1; bar.value = 0;
    } else {
      window.setTimeout(tick, 400);
    }
  }
  tick();
}

function selectClaim(id) {
  document.querySelectorAll("a.claim.selected, a.mark.selected").forEach((a) => a.classList.remove("selected"));
  document.querySelectorAll("a.claim[data-claims~='" + CSS.escape(id) + "'], a.mark[data-claim='" + CSS.escape(id) + "']")
    .forEach((a) => a.classList.add("selected"));
}

document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-job]");
  if (box && (box.dataset.state === "queued" || box.dataset.state === "running")) { pollJob(box); }
  document.querySelectorAll("a[href^='#claim-']").forEach((a) => {
    a.addEventListener("click", () => selectClaim(a.getAttribute("href").slice("#claim-".length)));
  });
  if (window.location.hash.startsWith("#claim-")) { selectClaim(window.location.hash.slice("#claim-".length)); }
  const form = document.getElementById("check-form");
  if (form) {
    form.addEventListener("submit", () => {
      const run = document.getElementById("run");
      run.disabled = true; run.textContent = "Uploading…";
    });
  }
});
