import { ApiError, apiGet, apiUpload } from "../../lib/api";
import { byId, h, replaceChildren } from "../../lib/dom";
import { formatBytes, formatDateTime } from "../../lib/format";
import { clearErrors, markReady, showErrors, submitting } from "../../lib/forms";
import { t } from "../../lib/i18n";
import { load, startShell } from "../../lib/shell";

interface ImportSummary {
  importId: string;
  fileName: string;
  status: "queued" | "parsing" | "importing" | "done" | "failed";
  totalRows: number;
  importedRows: number;
  rejectedRows: number;
  chunksTotal: number;
  chunksDone: number;
  uploadedAt?: string;
  startedAt: string | null;
  finishedAt: string | null;
}

interface ImportDetail extends ImportSummary {
  error: string | null;
  rejected: { line: number; reason: string }[];
}

// The server is the judge of a file; these checks only save a resident-survey-sized upload that cannot succeed.
const maxBytes = 20 * 1024 * 1024;
const extensions = [".csv", ".tsv", ".xlsx"];
const pollEveryMs = 1000;
const rejectedShown = 500;

const form = byId<HTMLFormElement>("upload-form");
const alert = byId("upload-alert");
const fileInput = byId<HTMLInputElement>("file");
const current = byId("current");
const currentBody = byId("current-body");
let watching = 0;

const finished = (status: string) => status === "done" || status === "failed";

function statusBadge(status: ImportSummary["status"]): HTMLElement {
  const tone = status === "done" ? "badge-success" : status === "failed" ? "badge-danger" : "badge-warning";
  return h("span", { class: `badge ${tone}` }, t(`imports.status.${status}`));
}

function checkFile(file: File | undefined): string | null {
  if (!file) return t("imports.chooseFile");
  const name = file.name.toLowerCase();
  if (!extensions.some((ext) => name.endsWith(ext))) return t("imports.wrongType");
  if (file.size === 0) return t("imports.emptyFile");
  if (file.size > maxBytes) return t("imports.tooLarge", { size: formatBytes(file.size) });
  return null;
}

function progress(detail: ImportDetail): HTMLElement {
  const bar = h("progress", { id: "import-progress", attrs: { "aria-labelledby": "progress-label" } });
  if (detail.chunksTotal > 0) {
    bar.max = detail.chunksTotal;
    bar.value = Math.min(detail.chunksDone, detail.chunksTotal);
  } else if (finished(detail.status)) {
    bar.max = 1;
    bar.value = 1;
  }
  return h(
    "div",
    { class: "progress" },
    h("p", { id: "progress-label" }, t("imports.progressLabel")),
    bar,
    h(
      "p",
      { class: "muted" },
      detail.chunksTotal > 0 ? t("imports.chunks", { done: detail.chunksDone, total: detail.chunksTotal }) : t("imports.waitingForChunks"),
      " · ",
      t("imports.rowsSoFar", { imported: detail.importedRows, rejected: detail.rejectedRows, total: detail.totalRows }),
    ),
  );
}

function report(detail: ImportDetail): HTMLElement {
  const rejected = [...detail.rejected].sort((a, b) => a.line - b.line);
  return h(
    "div",
    { class: "import-report" },
    h(
      "dl",
      { class: "facts report-numbers" },
      h("dt", {}, t("imports.imported")),
      h("dd", { id: "imported-rows" }, String(detail.importedRows)),
      h("dt", {}, t("imports.rejected")),
      h("dd", { id: "rejected-rows" }, String(detail.rejectedRows)),
      h("dt", {}, t("imports.finishedAt")),
      h("dd", {}, formatDateTime(detail.finishedAt)),
    ),
    detail.error ? h("p", { class: "alert alert-error" }, detail.error) : null,
    rejected.length === 0
      ? h("p", { class: "muted" }, t("imports.noneRejected"))
      : h(
          "div",
          {},
          h("h3", {}, t("imports.rejectedTitle")),
          // The report lists the first rows only (the server keeps at most 1,000); the count above is complete.
          Math.max(rejected.length, detail.rejectedRows) > Math.min(rejected.length, rejectedShown)
            ? h("p", { class: "muted" }, t("imports.rejectedCapped", { shown: Math.min(rejected.length, rejectedShown), total: detail.rejectedRows }))
            : null,
          h(
            "div",
            { class: "table-wrap" },
            h(
              "table",
              { class: "data", id: "rejected-table" },
              h("caption", { class: "visually-hidden" }, t("imports.rejectedTitle")),
              h("thead", {}, h("tr", {}, h("th", { attrs: { scope: "col" } }, t("imports.line")), h("th", { attrs: { scope: "col" } }, t("imports.reason")))),
              h("tbody", {}, ...rejected.slice(0, rejectedShown).map((row) => h("tr", {}, h("td", {}, String(row.line)), h("td", {}, row.reason)))),
            ),
          ),
        ),
  );
}

function showDetail(detail: ImportDetail): void {
  replaceChildren(byId("current-title"), t("imports.currentTitle", { name: detail.fileName }));
  replaceChildren(
    currentBody,
    h("p", { id: "import-status", attrs: { role: "status" } }, statusBadge(detail.status), " ", finished(detail.status) ? t(`imports.finishedNote.${detail.status}`) : t("imports.runningNote")),
    finished(detail.status) ? null : progress(detail),
    detail.status === "done" || (detail.status === "failed" && detail.importedRows + detail.rejectedRows > 0) || detail.error ? report(detail) : null,
  );
}

/** Follows one import every second until it is done or failed; a newer watch ends an older one. */
async function watch(importId: string, note?: string): Promise<void> {
  const token = ++watching;
  current.hidden = false;
  replaceChildren(currentBody, h("p", { class: "muted" }, t("imports.loading")));
  if (note) currentBody.prepend(h("p", { class: "alert alert-info" }, note));
  byId("current-title").focus();
  for (;;) {
    const detail = await apiGet<ImportDetail>(`/api/imports/${encodeURIComponent(importId)}`);
    if (token !== watching) return;
    showDetail(detail);
    if (note) currentBody.prepend(h("p", { class: "alert alert-info" }, note));
    if (finished(detail.status)) break;
    await new Promise((resolve) => window.setTimeout(resolve, pollEveryMs));
    if (token !== watching) return;
  }
  await refreshList();
}

async function refreshList(): Promise<void> {
  const imports = await apiGet<ImportSummary[]>("/api/imports");
  const container = byId("recent-list");
  if (imports.length === 0) {
    replaceChildren(container, h("p", { class: "empty-state" }, t("imports.empty")));
    return;
  }
  const header = ["imports.fileName", "imports.statusTitle", "imports.imported", "imports.rejected", "imports.startedAt", "imports.actions"];
  const cell = (key: string, ...content: (Node | string)[]) => h("td", { attrs: { "data-label": t(key) } }, ...content);
  replaceChildren(
    container,
    h(
      "div",
      { class: "table-wrap" },
      h(
        "table",
        { class: "data stack-on-phone" },
        h("thead", {}, h("tr", {}, ...header.map((key) => h("th", { attrs: { scope: "col" } }, t(key))))),
        h(
          "tbody",
          {},
          ...imports.map((item) =>
            h(
              "tr",
              {},
              cell("imports.fileName", item.fileName),
              cell("imports.statusTitle", statusBadge(item.status)),
              cell("imports.imported", String(item.importedRows)),
              cell("imports.rejected", String(item.rejectedRows)),
              cell("imports.startedAt", formatDateTime(item.uploadedAt ?? item.startedAt)),
              cell(
                "imports.actions",
                h(
                  "button",
                  {
                    class: "btn btn-secondary btn-small",
                    attrs: { type: "button", "aria-label": t("imports.viewNamed", { name: item.fileName }) },
                    on: { click: () => void watch(item.importId).catch(showWatchError) },
                  },
                  t("imports.view"),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function showWatchError(error: unknown): void {
  replaceChildren(currentBody, h("p", { class: "alert alert-error", attrs: { role: "alert" } }, error instanceof Error ? error.message : String(error)));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  clearErrors(form, alert);
  const file = fileInput.files?.[0];
  const problem = checkFile(file);
  if (problem || !file) {
    showErrors(form, alert, new ApiError(400, "invalid_file", problem ?? t("imports.chooseFile"), { file: [problem ?? t("imports.chooseFile")] }));
    return;
  }
  const body = new FormData();
  body.append("file", file, file.name);
  try {
    const started = await submitting(form, () => apiUpload<{ importId: string; status: string; duplicate: boolean }>("/api/imports", body));
    form.reset();
    await refreshList();
    await watch(started.importId, started.duplicate ? t("imports.duplicate") : undefined);
  } catch (error) {
    if (error instanceof ApiError && error.status === 413) showErrors(form, alert, new ApiError(413, error.code, t("imports.tooLarge", { size: formatBytes(file.size) })));
    else if (error instanceof ApiError) showErrors(form, alert, error);
    else showWatchError(error);
  }
});

void load(byId("main"), async () => {
  if (!(await startShell("imports"))) return;
  await refreshList();
  markReady();
});
