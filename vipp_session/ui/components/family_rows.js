// The caseload's family rows, drawn in the browser from plain values (see family_rows.py).
// One element for the whole list: NiceGUI building some 13 elements a row took half a second
// of the server's time for 200 families. Vue writes every value as text (names are typed by
// people), each row is a real link, and the few rows with a question carry real buttons,
// whose answers go back to the server as events. The buttons are plain ones styled by the
// theme (vipp-row-button), not Quasar components: a year's caseload has dozens of them.
//
// The search box hides rows by their data-find (see the caseload page; a row that needs
// attention has none, so it stays in view). Vue never binds a row's style, so a hidden row
// stays hidden when the order changes.
export default {
  template: `
    <div class="nicegui-column w-full gap-4">
      <template v-for="row in shown" :key="row.id">
        <div v-if="row.problem" class="nicegui-row row vipp-card vipp-family-row w-full items-center px-5 py-3 gap-6"
             :data-marker="'family-' + row.id">
          <div class="nicegui-column gap-0 min-w-[12rem]">
            <div class="text-lg font-semibold text-negative" data-marker="needs-attention">Needs attention</div>
            <div class="text-sm vipp-muted">Family {{ row.id }}</div>
          </div>
          <div class="text-negative">{{ row.problem }}</div>
        </div>
        <div v-else class="nicegui-row row vipp-card vipp-family-row w-full items-center px-5 py-3 gap-4 hover:shadow-md"
             :data-find="row.find">
          <a :href="row.href" class="nicegui-link no-underline text-black grow flex items-center gap-6"
             :data-marker="'family-' + row.id">
            <div class="nicegui-column gap-0 min-w-[12rem]">
              <div class="text-lg font-semibold">{{ row.child }}</div>
              <div class="text-sm vipp-muted">Family {{ row.id }}</div>
            </div>
            <div class="nicegui-column gap-0 min-w-[12rem]">
              <div>{{ row.age }}</div>
              <div class="text-sm vipp-muted">{{ row.track }}</div>
              <div v-if="row.age_note" class="text-sm text-accent">{{ row.age_note }}</div>
            </div>
            <div class="nicegui-column gap-0 min-w-[14rem]">
              <div>{{ row.next }}</div>
              <div v-if="row.state" :class="'text-sm ' + (row.state_warns ? 'text-accent' : 'vipp-muted')"
                   :data-marker="'next-state-' + row.id">{{ row.state }}</div>
            </div>
            <div v-if="row.erase_due" class="text-accent" data-marker="erase-due">
              Due for erasure<span class="block text-sm">{{ row.erase_due }}</span>
            </div>
            <div class="nicegui-column gap-0">
              <template v-if="row.moments">
                <div :class="row.has_moments ? 'text-positive' : 'vipp-muted'">{{ row.moments }}</div>
                <div class="text-sm vipp-muted">{{ row.clips }}</div>
              </template>
            </div>
          </a>
          <div v-if="row.overdue" class="nicegui-row row items-center gap-1 no-wrap"
               :data-marker="'overdue-' + row.id + '-' + row.overdue">
            <div class="text-accent font-semibold mr-1">Was this visit held?</div>
            <button v-for="[status, label] in answers" :key="status" type="button"
                    :class="'vipp-row-button' + (status === 'held' ? ' vipp-row-button--main' : '')"
                    :data-marker="'answer-' + status + '-' + row.id + '-' + row.overdue"
                    @click="$emit('answer', {id: row.id, status})">{{ label }}</button>
          </div>
          <button v-else-if="row.needs_new_date" type="button" class="vipp-row-button"
                  :data-marker="'new-date-' + row.id"
                  @click="$emit('new_date', {id: row.id})">Give a new date</button>
        </div>
      </template>
    </div>`,
  // answers: [status, label] pairs for an overdue visit, the same as everywhere else
  // rows: the rows as one JSON string (see family_rows.py)
  props: { rows: String, order: String, answers: Array },
  computed: {
    // each row carries its place in every order the page offers, worked out by the server
    shown() {
      return JSON.parse(this.rows).sort((a, b) => a.rank[this.order] - b.rank[this.order]);
    },
  },
};
