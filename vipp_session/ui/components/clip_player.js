// A frame-accurate player for a clip's proxy.
//
// Time contract: a time is seconds from the clip's first frame, as
// video.currentTime shows it; the frame "at" t is the last frame whose start
// is at or before t (+0.5 ms). To show frame i we seek to the middle of it,
// so the browser and the server always agree on which frame is on screen.
const RATES = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2];
const EPS = 0.0005;

export default {
  template: `
    <div class="vipp-player" style="display:flex; flex-direction:column; gap:8px; outline:none">
      <div style="position:relative; background:#111; border-radius:8px; overflow:hidden">
        <video ref="video" :src="src" preload="auto" playsinline
               style="display:block; width:100%; max-height:calc(100vh - 320px); object-fit:contain"
               @loadedmetadata="ready = true" @timeupdate="tick" @seeked="tick"
               @play="playing = true" @pause="playing = false; tick()"></video>
      </div>
      <div style="display:flex; align-items:center; gap:4px; flex-wrap:wrap">
        <q-btn flat round dense icon="first_page" title="Back 1 second (Shift+Left)" aria-label="Back 1 second (Shift+Left)" @click="jump(-1)" />
        <q-btn flat round dense icon="chevron_left" title="Previous frame (Left)" aria-label="Previous frame (Left)" @click="step(-1)" data-marker="frame-back" />
        <q-btn round unelevated color="primary" :icon="playing ? 'pause' : 'play_arrow'"
               title="Play or pause (Space)" aria-label="Play or pause (Space)" @click="toggle" data-marker="play" />
        <q-btn flat round dense icon="chevron_right" title="Next frame (Right)" aria-label="Next frame (Right)" @click="step(1)" data-marker="frame-forward" />
        <q-btn flat round dense icon="last_page" title="Forward 1 second (Shift+Right)" aria-label="Forward 1 second (Shift+Right)" @click="jump(1)" />
        <span style="font-variant-numeric:tabular-nums; margin:0 8px; min-width:11em" data-marker="position">
          {{ clock }} · frame {{ frame + 1 }} of {{ frameTimes.length }}
        </span>
        <q-btn flat dense no-caps :label="rate + 'x'" title="Speed: [ slower, ] faster" aria-label="Speed: [ slower, ] faster" @click="faster(1)" />
        <q-space />
        <q-btn unelevated no-caps color="accent" icon="photo_camera" label="Freeze this moment (F)"
               @click="freeze" data-marker="freeze" />
      </div>
      <div ref="strip" @click="stripClick"
           style="position:relative; height:64px; display:flex; cursor:pointer; background:#222; border-radius:6px; overflow:hidden">
        <img v-for="t in thumbs" :key="t.url" :src="t.url" draggable="false" alt=""
             style="height:64px; flex:1 1 0; min-width:0; object-fit:cover; opacity:.9" />
        <div :style="{position:'absolute', top:0, bottom:0, left: pct(position) + '%', width:'2px', background:'#fff'}"></div>
        <div v-for="m in markers" :key="m.id" :title="m.label" :aria-label="m.label" role="button" tabindex="0"
             @click.stop="goToMarker(m)" @keydown.enter.stop.prevent="goToMarker(m)"
             :style="{position:'absolute', top:'2px', left: 'calc(' + pct(m.at) + '% - 7px)', width:'14px', height:'14px',
                      borderRadius:'50%', background: m.color || '#f6c26b', border:'2px solid #222'}"
             :data-marker="'marker-' + m.id"></div>
      </div>
    </div>`,
  props: {
    src: String,
    frameTimes: Array, // start time of every frame, seconds
    duration: Number, // end of the last frame
    thumbs: Array, // [{at, url}]
    markers: Array, // [{id, at, label, color}]
  },
  data() {
    return { ready: false, playing: false, position: 0, frame: 0, rate: 1 };
  },
  computed: {
    clock() {
      // the shown frame's own time, written as words.clip_time writes it (0:03.133,
      // 1:02:03.500), so the player and the moment it freezes say the same time
      const ms = Math.round((this.frameTimes[this.frame] || 0) * 1000);
      const h = Math.floor(ms / 3600000), m = Math.floor((ms % 3600000) / 60000);
      const s = ((ms % 60000) / 1000).toFixed(3).padStart(6, "0");
      return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
    },
  },
  mounted() {
    this.onKey = (e) => this.key(e);
    document.addEventListener("keydown", this.onKey);
  },
  unmounted() {
    document.removeEventListener("keydown", this.onKey);
  },
  methods: {
    pct(t) {
      return this.duration ? Math.min(100, (100 * t) / this.duration) : 0;
    },
    frameAtTime(t) {
      const times = this.frameTimes;
      let lo = 0, hi = times.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (times[mid] <= t + EPS) lo = mid; else hi = mid - 1;
      }
      return lo;
    },
    middleOf(i) {
      const start = this.frameTimes[i];
      const end = i + 1 < this.frameTimes.length ? this.frameTimes[i + 1] : this.duration;
      return start + (end - start) / 2;
    },
    tick() {
      const v = this.$refs.video;
      this.position = v.currentTime;
      this.frame = this.frameAtTime(v.currentTime);
    },
    show(i) {
      const v = this.$refs.video;
      v.pause();
      i = Math.max(0, Math.min(this.frameTimes.length - 1, i));
      v.currentTime = this.middleOf(i);
      this.position = v.currentTime;
      this.frame = i;
    },
    seek(t) {
      this.show(this.frameAtTime(t));
    },
    step(n) {
      this.show(this.frameAtTime(this.$refs.video.currentTime) + n);
    },
    jump(seconds) {
      const t = Math.max(0, Math.min(this.duration, this.$refs.video.currentTime + seconds));
      this.show(this.frameAtTime(t));
    },
    toggle() {
      const v = this.$refs.video;
      if (v.paused) v.play(); else this.step(0);
    },
    faster(direction) {
      const i = RATES.indexOf(this.rate);
      let next = i + direction;
      if (direction > 0 && next >= RATES.length) next = 0; // the button cycles round
      this.rate = RATES[Math.max(0, Math.min(RATES.length - 1, next))];
      this.$refs.video.playbackRate = this.rate;
    },
    goToMarker(m) {
      this.$emit("marker", m.id);
      this.show(this.frameAtTime(m.at));
    },
    stripClick(e) {
      const box = this.$refs.strip.getBoundingClientRect();
      this.seek(((e.clientX - box.left) / box.width) * this.duration);
    },
    async freeze() {
      // Pausing snaps to a whole frame, so the still is exactly what is on screen.
      this.step(0);
      await new Promise((resolve) => {
        const v = this.$refs.video;
        if (!v.seeking) return resolve();
        v.addEventListener("seeked", resolve, { once: true });
      });
      this.$emit("freeze", { time: this.$refs.video.currentTime, frame: this.frame });
    },
    currentTime() {
      return this.$refs.video.currentTime;
    },
    key(e) {
      const tag = (e.target && e.target.tagName) || "";
      if (["INPUT", "TEXTAREA", "SELECT"].includes(tag) || (e.target && e.target.isContentEditable)) return;
      const v = this.$refs.video;
      const handled = true;
      switch (e.key) {
        case " ": this.toggle(); break;
        case "ArrowLeft": e.shiftKey ? this.jump(-1) : this.step(-1); break;
        case "ArrowRight": e.shiftKey ? this.jump(1) : this.step(1); break;
        case "j": case "J": this.jump(-5); break;
        case "k": case "K": this.step(0); break;
        case "l": case "L": if (v.paused) { v.play(); } else { this.faster(1); } break;
        case "[": this.faster(-1); break;
        case "]": this.faster(1); break;
        case "f": case "F": this.freeze(); break;
        default: return;
      }
      if (handled) e.preventDefault();
    },
  },
};
