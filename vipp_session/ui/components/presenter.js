// Presentation mode: for each moment, play a few seconds leading up to it,
// freeze on its exact frame, show its highlights and its words, and wait.
// Keys: Space or Right next, Left back, R replay the lead-in, Esc leave. A click or tap goes
// on; on the left third of the screen, or a right-click, it goes back. It fills the screen
// from the key or click that starts it, and the pointer hides while nobody moves it (a TV).
const EPS = 0.0005;

export default {
  template: `
    <div style="position:fixed; inset:0; background:#111; color:#fff; display:flex; flex-direction:column"
         :style="{cursor: pointerIdle ? 'none' : 'default'}" @click="clicked" @contextmenu.prevent="go(-1)"
         @pointermove="woke" data-marker="presenter">
      <div style="flex:1 1 auto; min-height:0; display:flex; align-items:center; justify-content:center; padding:16px">
        <div v-show="started && index < moments.length" style="position:relative; width:100%; height:100%">
          <video ref="video" preload="auto" playsinline
                 style="display:block; width:100%; height:100%; object-fit:contain"
                 data-marker="presenter-video"></video>
          <svg v-if="frozen && current" viewBox="0 0 1000 1000" preserveAspectRatio="none"
               style="position:absolute; pointer-events:none"
               :style="overlayBox" data-marker="presenter-highlights">
            <defs><marker id="p-head" viewBox="0 0 10 10" refX="6" refY="5" markerWidth="5" markerHeight="5" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" fill="#ffd166" /></marker></defs>
            <g v-for="(h, i) in current.highlights" :key="i" fill="none" stroke="#ffd166" stroke-width="4"
               stroke-linecap="round" stroke-linejoin="round" style="filter: drop-shadow(0 0 2px rgba(0,0,0,.8))">
              <ellipse vector-effect="non-scaling-stroke" v-if="h.shape === 'ellipse'" :cx="h.cx*1000" :cy="h.cy*1000" :rx="h.rx*1000" :ry="h.ry*1000" />
              <line vector-effect="non-scaling-stroke" v-if="h.shape === 'arrow'" :x1="h.x1*1000" :y1="h.y1*1000" :x2="h.x2*1000" :y2="h.y2*1000" marker-end="url(#p-head)" />
              <polyline vector-effect="non-scaling-stroke" v-if="h.shape === 'stroke'" :points="h.points.map(p => p[0]*1000 + ',' + p[1]*1000).join(' ')" />
            </g>
          </svg>
        </div>
        <div v-if="!started && moments.length" style="font-size:2.2rem; text-align:center; cursor:pointer"
             data-marker="presenter-start">
          {{ title }}<br><span style="font-size:1.3rem; opacity:.8">Press Space or click to begin</span>
          <br><span style="font-size:1.05rem; opacity:.8; line-height:1.6">Next: Space, → or a click<br>
            Back: ←, a right-click or a click on the left · Leave: Esc</span>
        </div>
        <div v-if="!started && !moments.length" style="font-size:2rem; text-align:center; max-width:36em"
             data-marker="presenter-start presenter-empty">
          No moments are prepared for this session yet.<br>
          <span style="font-size:1.3rem; opacity:.8">Open a clip from the session page, freeze a moment
            and give it words; it will show here. Press Esc to go back.</span>
        </div>
        <div v-if="started && index >= moments.length" style="font-size:2.6rem; text-align:center" data-marker="presenter-end">
          {{ moments.length ? endWords : 'No moments are prepared for this session yet.' }}
        </div>
      </div>
      <div style="flex:0 0 auto; min-height:22vh; padding:12px 6vw 28px; display:flex; align-items:center; justify-content:center">
        <div v-if="frozen && current" style="font-size:2.3rem; line-height:1.35; text-align:center; max-width:60em"
             data-marker="presenter-words"><div v-if="current.says" data-marker="presenter-says"
             style="font-size:1.6rem; font-weight:600; opacity:.75">{{ current.says }}</div><span
             :style="current.says ? 'font-style:italic' : ''">{{ current.text }}</span></div>
      </div>
      <div v-if="started && moments.length" style="position:absolute; right:18px; bottom:10px; font-size:1rem; opacity:.75"
           data-marker="presenter-progress">{{ Math.min(index + 1, moments.length) }} of {{ moments.length }}</div>
    </div>`,
  props: {
    clips: Object, // {clip id: {src, times (every frame's start), duration}}
    moments: Array, // [{clip, at, frame, text, says, highlights}] (says: "Maya would say:" or "")
    preroll: Number,
    endWords: String,
    title: String,
  },
  data() {
    return { started: false, index: 0, frozen: false, overlayBox: {}, token: 0, pointerIdle: false };
  },
  computed: {
    current() {
      return this.moments[this.index];
    },
  },
  mounted() {
    this.onKey = (e) => this.key(e);
    document.addEventListener("keydown", this.onKey);
    this.onResize = () => this.fitOverlay();
    window.addEventListener("resize", this.onResize);
    this.woke();
  },
  unmounted() {
    document.removeEventListener("keydown", this.onKey);
    window.removeEventListener("resize", this.onResize);
    clearTimeout(this.idleTimer);
  },
  methods: {
    start() {
      // begins on a key press or click, so the browser lets the sound play and fills the screen
      if (!this.moments.length) return;
      this.started = true;
      const whole = this.$el.requestFullscreen ? this.$el.requestFullscreen() : null;
      if (whole) whole.catch(() => {});  // refused (a kiosk, an old browser): the page still works
      this.leadIn();
    },
    forward() {
      if (!this.frozen && this.current) this.freeze(); else this.go(1);
    },
    clicked(e) {
      if (!this.started) return this.start();
      if (e.clientX < window.innerWidth / 3) this.go(-1); else this.forward();
    },
    woke() {
      // a TV has no pointer: hide it a moment after it stops moving, show it when it moves
      this.pointerIdle = false;
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => { this.pointerIdle = true; }, 2500);
    },
    leave() {
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
      this.$emit("leave");
    },
    async load(clip) {
      // each moment may come from a different clip: load its video when it changes
      const v = this.$refs.video;
      const src = this.clips[clip].src;
      if (v.dataset.src === src && v.readyState >= 2) return;
      v.dataset.src = src;
      v.src = src;
      await new Promise((resolve) => v.addEventListener("loadeddata", resolve, { once: true }));
    },
    fitOverlay() {
      // the highlights cover the picture itself, not the black bars around it
      const v = this.$refs.video;
      const scale = Math.min(v.clientWidth / v.videoWidth, v.clientHeight / v.videoHeight) || 1;
      const w = v.videoWidth * scale, h = v.videoHeight * scale;
      this.overlayBox = { left: (v.clientWidth - w) / 2 + "px", top: (v.clientHeight - h) / 2 + "px",
                          width: w + "px", height: h + "px" };
    },
    middleOf(clip, i) {
      const { times, duration } = this.clips[clip];
      const start = times[i];
      const end = i + 1 < times.length ? times[i + 1] : duration;
      return start + (end - start) / 2;
    },
    async seekTo(t) {
      const v = this.$refs.video;
      v.currentTime = t;
      await new Promise((resolve) => v.addEventListener("seeked", resolve, { once: true }));
    },
    async freeze() {
      const v = this.$refs.video;
      const token = ++this.token;
      v.pause();
      await this.seekTo(this.middleOf(this.current.clip, this.current.frame));
      if (token !== this.token) return;
      this.fitOverlay();
      this.frozen = true;
      this.$emit("frozen", { index: this.index, time: v.currentTime });
    },
    async leadIn() {
      if (!this.current) return;
      const v = this.$refs.video;
      const token = ++this.token;
      this.frozen = false;
      const target = this.current.at;
      await this.load(this.current.clip);
      if (token !== this.token) return;
      await this.seekTo(Math.max(0, target - this.preroll));
      if (token !== this.token) return;
      if (v.currentTime + EPS >= target) return this.freeze();
      const watch = (now, meta) => {
        if (token !== this.token) return;
        // stop just before the moment's frame would go by, then land exactly on it
        if (meta.mediaTime + 0.05 >= target || v.ended) this.freeze();
        else v.requestVideoFrameCallback(watch);
      };
      v.requestVideoFrameCallback(watch);
      try { await v.play(); } catch (e) { this.freeze(); }
    },
    go(step) {
      if (!this.started) return;
      const next = this.index + step;
      if (next < 0) return;
      if (next >= this.moments.length) {
        ++this.token;
        this.$refs.video.pause();
        this.index = this.moments.length;
        this.frozen = false;
        return;
      }
      this.index = next;
      this.leadIn();
    },
    key(e) {
      if (!this.started && e.key === "Escape") { this.leave(); e.preventDefault(); return; }
      if (!this.started) {
        if ([" ", "ArrowRight", "Enter", "PageDown"].includes(e.key)) { this.start(); e.preventDefault(); }
        return;
      }
      switch (e.key) {
        case " ": case "ArrowRight": case "PageDown": this.forward(); break;
        case "ArrowLeft": case "PageUp": this.go(-1); break;
        case "r": case "R": this.leadIn(); break;
        case "Escape": this.leave(); break;
        default: return;
      }
      e.preventDefault();
    },
  },
};
