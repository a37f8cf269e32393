// The caseload's family rows, drawn in the browser from plain values (see family_rows.py).
// One element for the whole list: NiceGUI building some 13 elements a row took half a second
// of the server's time for 200 families. Each row is a real link, and the few rows with a
// question carry real buttons, whose answers go back to the server as events. The buttons
// are plain ones styled by the theme (vipp-row-button), not Quasar components.
//
// The rows are written as one piece of HTML that the browser reads in one go: a year's
// caseload is some 3,000 elements, and having Vue make each of them took longer than the
// rest of the page. Every value goes through text(), which escapes it: names are typed by
// people and must never become markup.
//
// The search box hides rows by their data-find (see the caseload page; a row that needs
// attention has none, so it stays in view). A new order moves the rows already drawn, so a
// hidden row stays hidden.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const text = (value) => String(value ?? "").replace(/[&<>"']/g, (c) => ESCAPES[c]);

function problemRow(row) {
  return `<div class="nicegui-row row vipp-card vipp-family-row w-full items-center px-5 py-3 gap-6"
      data-id="${text(row.id)}" data-marker="family-${text(row.id)}">
    <div class="nicegui-column gap-0 min-w-[12rem]">
      <div class="text-lg font-semibold text-negative" data-marker="needs-attention">Needs attention</div>
      <div class="text-sm vipp-muted">Family ${text(row.id)}</div>
    </div>
    <div class="text-negative">${text(row.problem)}</div>
  </div>`;
}

function question(row, answers) {
  if (row.overdue) {
    const buttons = answers.map(([status, label]) =>
      `<button type="button" class="vipp-row-button${status === "held" ? " vipp-row-button--main" : ""}"
          data-answer="${text(status)}"
          data-marker="answer-${text(status)}-${text(row.id)}-${text(row.overdue)}">${text(label)}</button>`);
    return `<div class="nicegui-row row items-center gap-1 no-wrap"
        data-marker="overdue-${text(row.id)}-${text(row.overdue)}">
      <div class="text-accent font-semibold mr-1">Was this visit held?</div>${buttons.join("")}</div>`;
  }
  if (row.needs_new_date) {
    return `<button type="button" class="vipp-row-button" data-new-date
        data-marker="new-date-${text(row.id)}">Give a new date</button>`;
  }
  return "";
}

function familyRow(row, answers) {
  const state = row.state ? `<div class="text-sm ${row.state_warns ? "text-accent" : "vipp-muted"}"
      data-marker="next-state-${text(row.id)}">${text(row.state)}</div>` : "";
  const erase = row.erase_due ? `<div class="text-accent" data-marker="erase-due">
      Due for erasure<span class="block text-sm">${text(row.erase_due)}</span></div>` : "";
  const prepared = row.moments ? `<div class="${row.has_moments ? "text-positive" : "vipp-muted"}">${text(row.moments)}</div>
      <div class="text-sm vipp-muted">${text(row.clips)}</div>` : "";
  return `<div class="nicegui-row row vipp-card vipp-family-row w-full items-center px-5 py-3 gap-4 hover:shadow-md"
      data-id="${text(row.id)}" data-find="${text(row.find)}">
    <a href="${text(row.href)}" class="nicegui-link no-underline text-black grow flex items-center gap-6"
        data-marker="family-${text(row.id)}">
      <div class="nicegui-column gap-0 min-w-[12rem]">
        <div class="text-lg font-semibold">${text(row.child)}</div>
        <div class="text-sm vipp-muted">Family ${text(row.id)}</div>
      </div>
      <div class="nicegui-column gap-0 min-w-[12rem]">
        <div>${text(row.age)}</div>
        <div class="text-sm vipp-muted">${text(row.track)}</div>
        ${row.age_note ? `<div class="text-sm text-accent">${text(row.age_note)}</div>` : ""}
      </div>
      <div class="nicegui-column gap-0 min-w-[14rem]">
        <div>${text(row.next)}</div>${state}
      </div>${erase}
      <div class="nicegui-column gap-0">${prepared}</div>
    </a>${question(row, answers)}
  </div>`;
}

export default {
  template: `<div class="nicegui-column w-full gap-4" ref="list" @click="clicked"></div>`,
  // rows: the rows as one JSON string (see family_rows.py); each carries its place in every
  // order the page offers, worked out by the server. answers: [status, label] pairs for an
  // overdue visit, the same as everywhere else.
  props: { rows: String, order: String, answers: Array },
  mounted() {
    this.draw();
  },
  watch: {
    rows() {
      this.draw();
    },
    order() {
      this.arrange();
    },
  },
  methods: {
    draw() {
      const rows = JSON.parse(this.rows);
      this.$refs.list.innerHTML = rows
        .map((row) => (row.problem ? problemRow(row) : familyRow(row, this.answers)))
        .join("");
      this.ranks = Object.fromEntries(rows.map((row) => [row.id, row.rank]));
      this.arrange();
    },
    arrange() {
      const list = this.$refs.list;
      const rank = (el) => this.ranks[el.dataset.id][this.order];
      [...list.children].sort((a, b) => rank(a) - rank(b)).forEach((el) => list.appendChild(el));
    },
    clicked(event) {
      const button = event.target.closest("button");
      if (!button) return;
      const id = button.closest("[data-id]").dataset.id;
      if (button.dataset.answer) this.$emit("answer", { id, status: button.dataset.answer });
      else if ("newDate" in button.dataset) this.$emit("new_date", { id });
    },
  },
};
