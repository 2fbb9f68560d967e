/**
 * Colours and the charts' stylesheet. Placements use the Okabe-Ito colours (told apart with every
 * common colour-vision deficiency), values the viridis scale (also readable in greyscale). Colours
 * that must change in dark mode are CSS classes over custom properties, so a chart follows
 * `prefers-color-scheme` in the report and the dashboard alike, without being redrawn.
 */
export const PLACEMENT_ORDER = ['none', 'visible', 'hidden', 'both'];

const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#fde725'];
export const VIRIDIS_STOPS: readonly string[] = VIRIDIS;

/** The viridis colour at t in [0, 1], interpolated between its nine stops. */
export function viridis(t: number): string {
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const rgb = (h: string) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));
  const [a, b] = [rgb(VIRIDIS[i]), rgb(VIRIDIS[i + 1])];
  return `#${a.map((v, k) => Math.round(v + (b[k] - v) * (x - i)).toString(16).padStart(2, '0')).join('')}`;
}

/** Text that reads on a viridis fill: dark on the light (yellow-green) end, light on the dark end. */
export const textOnViridis = (t: number) => (t > 0.55 ? '#111111' : '#ffffff');

/** The class that colours a series: a placement's, or the n-th of a few generic series. */
export function seriesClass(key: string, index: number): string {
  return PLACEMENT_ORDER.includes(key) ? `s-${key}` : `s-${index % 4}`;
}

export const CHART_CSS = `
:root { --ds-fg: #1d1d1f; --ds-muted: #555; --ds-axis: #444; --ds-grid: #e6e6e6; --ds-area: #ffffff;
  --ds-none: #222222; --ds-visible: #0072B2; --ds-hidden: #D55E00; --ds-both: #009E73;
  --ds-s0: #0072B2; --ds-s1: #D55E00; --ds-s2: #009E73; --ds-s3: #CC79A7;
  --ds-dot: #3b528b; --ds-mean: #D55E00; --ds-best: #009E73; --ds-halo: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --ds-fg: #e8e8ea; --ds-muted: #b4b4b8; --ds-axis: #c8c8cc; --ds-grid: #34343a; --ds-area: #1c1c20;
    --ds-none: #e8e8e8; --ds-visible: #56B4E9; --ds-hidden: #F08A4B; --ds-both: #2CC9A0;
    --ds-s0: #56B4E9; --ds-s1: #F08A4B; --ds-s2: #2CC9A0; --ds-s3: #E69FCB;
    --ds-dot: #8fa8ff; --ds-mean: #F5A05B; --ds-best: #2CC9A0; --ds-halo: #1c1c20; }
}
svg.ds-chart { display: block; max-width: 100%; height: auto; font-family: system-ui, sans-serif; }
.ds-chart .plot-area { fill: var(--ds-area); }
.ds-chart .axis { stroke: var(--ds-axis); stroke-width: 1; }
.ds-chart .grid { stroke: var(--ds-grid); stroke-width: 1; }
.ds-chart .tick { fill: var(--ds-muted); font-size: 11px; }
.ds-chart .label { fill: var(--ds-fg); font-size: 12px; }
.ds-chart .legend text { fill: var(--ds-fg); font-size: 12px; }
.ds-chart .note-text { fill: var(--ds-muted); font-size: 11px; }
.ds-chart .line { fill: none; stroke-width: 2; }
.ds-chart .band { stroke: none; fill-opacity: 0.18; }
.ds-chart .line.dashed { stroke-dasharray: 6 4; }
.ds-chart .band.dashed { fill-opacity: 0.1; }
.ds-chart .interval { stroke-width: 1.5; }
.ds-chart .fold { fill: var(--ds-dot); fill-opacity: 0.65; }
.ds-chart .mean { stroke: var(--ds-mean); stroke-width: 2; }
.ds-chart .zero { stroke: var(--ds-axis); stroke-dasharray: 2 2; }
.ds-chart .best-line { fill: none; stroke: var(--ds-best); stroke-width: 2; }
.ds-chart .trial-dot { fill: var(--ds-dot); fill-opacity: 0.45; }
.ds-chart .marker { stroke: var(--ds-fg); stroke-dasharray: 4 3; }
.ds-chart .halo { paint-order: stroke; stroke: var(--ds-halo); stroke-width: 3px; }
.ds-chart .bar { fill: #21918c; }
.ds-chart .share-rest { fill: var(--ds-grid); }
.ds-chart .cell-label { font-size: 12px; }
.ds-chart .clip-mark { stroke: none; }
${PLACEMENT_ORDER.map((p) => `.ds-chart .s-${p} { stroke: var(--ds-${p}); fill: var(--ds-${p}); }`).join('\n')}
${[0, 1, 2, 3].map((i) => `.ds-chart .s-${i} { stroke: var(--ds-s${i}); fill: var(--ds-s${i}); }`).join('\n')}
.ds-chart .line.s-none, .ds-chart .line[class*="s-"] { fill: none; }
.ds-chart .band[class*="s-"] { stroke: none; }
`;
