// The frozen frame with highlights drawn on it: circles (ellipses), arrows and
// freehand strokes. Coordinates are fractions (0..1) of the upright picture,
// so the same highlights draw on the screen, in presentation and in print.
export default {
  template: `
    <div :style="{display:'flex', flexDirection: toolsBeside ? 'row-reverse' : 'column', gap:'6px',
                  alignItems: toolsBeside ? 'flex-start' : 'stretch'}">
      <div ref="box" style="position:relative; line-height:0; user-select:none; touch-action:none; flex:1 1 auto; min-width:0">
        <img :src="src" draggable="false" alt="The frozen moment, to draw on" style="width:100%; border-radius:6px; display:block"
             @load="loaded = true" data-marker="still-image" />
        <svg v-if="loaded" viewBox="0 0 1000 1000" preserveAspectRatio="none"
             style="position:absolute; inset:0; width:100%; height:100%; cursor:crosshair"
             @pointerdown="down" @pointermove="move" @pointerup="up" @pointerleave="up">
          <defs>
            <marker id="vipp-head" viewBox="0 0 10 10" refX="6" refY="5" markerWidth="5" markerHeight="5" orient="auto">
              <path d="M0,0 L10,5 L0,10 z" fill="#ffd166" />
            </marker>
          </defs>
          <g v-for="(h, i) in all" :key="i" fill="none" stroke="#ffd166" stroke-width="4"
             stroke-linecap="round" stroke-linejoin="round" style="filter: drop-shadow(0 0 2px rgba(0,0,0,.7))">
            <ellipse vector-effect="non-scaling-stroke" v-if="h.shape === 'ellipse'" :cx="h.cx*1000" :cy="h.cy*1000" :rx="h.rx*1000" :ry="h.ry*1000" />
            <line vector-effect="non-scaling-stroke" v-if="h.shape === 'arrow'" :x1="h.x1*1000" :y1="h.y1*1000" :x2="h.x2*1000" :y2="h.y2*1000"
                  marker-end="url(#vipp-head)" />
            <polyline vector-effect="non-scaling-stroke" v-if="h.shape === 'stroke'" :points="h.points.map(p => p[0]*1000 + ',' + p[1]*1000).join(' ')" />
          </g>
        </svg>
      </div>
      <!-- beside a portrait still the tools stand in a column, so the still keeps its height -->
      <div v-if="editable" role="toolbar" aria-label="Drawing tools" data-marker="drawing-tools"
           :style="{display:'flex', flexDirection: toolsBeside ? 'column' : 'row', gap:'4px',
                    alignItems: toolsBeside ? 'stretch' : 'center', flexWrap:'wrap', flex:'0 0 auto'}">
        <q-btn v-for="t in tools" :key="t.value" dense no-caps :icon="t.icon" :label="t.label"
               :unelevated="tool === t.value" :flat="tool !== t.value"
               :color="tool === t.value ? 'primary' : 'grey-9'" :aria-pressed="String(tool === t.value)"
               :align="toolsBeside ? 'left' : 'center'" @click="tool = t.value" :data-marker="'tool-' + t.value" />
        <q-btn flat dense no-caps color="grey-9" icon="undo" label="Undo" :align="toolsBeside ? 'left' : 'center'"
               :disable="!value.length" @click="undo" />
        <q-btn flat dense no-caps color="grey-9" icon="layers_clear" label="Clear" :align="toolsBeside ? 'left' : 'center'"
               :disable="!value.length" @click="clear" />
      </div>
    </div>`,
  props: { src: String, value: Array, editable: Boolean, toolsBeside: Boolean },
  data() {
    return {
      loaded: false, tool: "ellipse", draft: null,
      tools: [{ label: "Circle", value: "ellipse", icon: "radio_button_unchecked" },
              { label: "Arrow", value: "arrow", icon: "north_east" },
              { label: "Draw", value: "stroke", icon: "gesture" }],
    };
  },
  computed: {
    all() {
      return this.draft ? [...this.value, this.draft] : this.value;
    },
  },
  methods: {
    at(e) {
      const box = this.$refs.box.getBoundingClientRect();
      const clamp = (v) => Math.max(0, Math.min(1, v));
      return [clamp((e.clientX - box.left) / box.width), clamp((e.clientY - box.top) / box.height)];
    },
    down(e) {
      if (!this.editable) return;
      e.target.setPointerCapture && e.target.setPointerCapture(e.pointerId);
      const [x, y] = this.at(e);
      this.start = [x, y];
      if (this.tool === "ellipse") this.draft = { shape: "ellipse", cx: x, cy: y, rx: 0, ry: 0 };
      if (this.tool === "arrow") this.draft = { shape: "arrow", x1: x, y1: y, x2: x, y2: y };
      if (this.tool === "stroke") this.draft = { shape: "stroke", points: [[x, y]] };
    },
    move(e) {
      if (!this.draft) return;
      const [x, y] = this.at(e);
      const [x0, y0] = this.start;
      if (this.draft.shape === "ellipse") {
        this.draft = { shape: "ellipse", cx: (x0 + x) / 2, cy: (y0 + y) / 2, rx: Math.abs(x - x0) / 2, ry: Math.abs(y - y0) / 2 };
      } else if (this.draft.shape === "arrow") {
        this.draft = { ...this.draft, x2: x, y2: y };
      } else {
        this.draft.points.push([x, y]);
      }
    },
    up() {
      if (!this.draft) return;
      const d = this.draft;
      this.draft = null;
      const tiny = (d.shape === "ellipse" && d.rx + d.ry < 0.01) ||
                   (d.shape === "arrow" && Math.hypot(d.x2 - d.x1, d.y2 - d.y1) < 0.02) ||
                   (d.shape === "stroke" && d.points.length < 3);
      if (tiny) return;
      const round = (v) => Math.round(v * 10000) / 10000;
      if (d.shape === "stroke") d.points = d.points.map(([x, y]) => [round(x), round(y)]);
      else for (const k of Object.keys(d)) if (k !== "shape") d[k] = round(d[k]);
      this.$emit("change", [...this.value, d]);
    },
    undo() {
      this.$emit("change", this.value.slice(0, -1));
    },
    clear() {
      this.$emit("change", []);
    },
  },
};
