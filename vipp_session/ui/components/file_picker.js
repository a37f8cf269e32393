// Choosing video files (drop, click, or Enter/Space), and sending each, raw, to the app's
// own signed-in upload route, one at a time in the order chosen.
//
// The page decides what happens to each file: it is told of every file chosen ('chosen'),
// and calls send(key, url) for those it wants, or forget(key) for the rest (a file chosen
// twice). Progress, the end of each upload ('sent', 'failed', 'aborted') go back to it.
const PROGRESS_EVERY_MS = 250;

export default {
  template: `
    <div role="button" tabindex="0" :aria-label="label"
         :style="{display: 'flex', alignItems: 'center', justifyContent: 'center', gap: '10px',
                  minHeight: '64px', padding: '12px', borderRadius: '10px', cursor: 'pointer',
                  fontSize: '16px', color: '#2d2a26',
                  border: '2px dashed ' + (over ? '#2f6f73' : '#9a948b'),
                  background: over ? '#e6f0f0' : '#fbfaf7'}"
         @click="open" @keydown.enter.prevent="open" @keydown.space.prevent="open"
         @dragover.prevent="over = true" @dragleave="over = false" @drop.prevent="dropped">
      <q-icon name="video_file" size="28px" color="primary" />
      <span>Drop video files here, or <u style="color:#2f6f73; font-weight:600">choose files</u></span>
      <input ref="input" type="file" multiple style="display:none" @change="picked" />
    </div>`,
  props: { label: String },
  data() {
    return { over: false, next: 0, files: {}, waiting: [], sending: null };
  },
  methods: {
    open() { this.$refs.input.click(); },
    picked(ev) {
      this.choose(ev.target.files);
      ev.target.value = "";  // so that choosing the same file again is noticed too
    },
    dropped(ev) {
      this.over = false;
      this.choose(ev.dataTransfer.files);
    },
    choose(list) {
      const chosen = [];
      for (const file of list) {
        const key = "f" + this.next++;
        this.files[key] = file;
        chosen.push({ key, name: file.name, size: file.size, modified: file.lastModified });
      }
      if (chosen.length) this.$emit("chosen", chosen);
    },
    send(key, url) {
      if (!this.files[key]) return;
      this.waiting.push({ key, url });
      this.pump();
    },
    forget(key) { delete this.files[key]; },
    abort(key) {
      if (this.sending && this.sending.key === key) {
        this.sending.xhr.abort();
        return;
      }
      this.waiting = this.waiting.filter((w) => w.key !== key);
      delete this.files[key];
      this.$emit("aborted", { key });
    },
    pump() {
      if (this.sending || !this.waiting.length) return;
      const { key, url } = this.waiting.shift();
      const file = this.files[key];
      const xhr = new XMLHttpRequest();
      this.sending = { key, xhr };
      let last = 0;
      xhr.upload.onprogress = (e) => {
        const now = Date.now();
        if (now - last < PROGRESS_EVERY_MS) return;
        last = now;
        this.$emit("progress", { key, loaded: e.loaded, total: e.total || file.size });
      };
      xhr.onload = () => this.done(key, xhr.status >= 200 && xhr.status < 300 ? "sent" : "failed",
                                   { text: xhr.responseText, status: xhr.status });
      xhr.onerror = () => this.done(key, "failed", { text: "", status: 0 });
      xhr.onabort = () => this.done(key, "aborted", {});
      xhr.open("POST", url);
      xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
      xhr.send(file);
    },
    done(key, how, details) {
      delete this.files[key];
      this.sending = null;
      this.$emit(how, { key, ...details });
      this.pump();
    },
  },
};
