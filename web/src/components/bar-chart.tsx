import { barLengths, type Bar } from '../lib/report';
import { useI18n } from '../i18n/context';

const ROW = 28;
const LABEL = 190;
const WIDTH = 520;

/** Horizontal bars as inline SVG, with the figures in a text alternative for screen readers. */
export function BarChart({ title, bars }: { title: string; bars: Bar[] }) {
  const i18n = useI18n();
  const lengths = barLengths(
    bars.map((bar) => bar.value),
    WIDTH - LABEL - 70,
  );
  const summary = bars.map((bar) => `${bar.label}: ${i18n.number(bar.value)}`).join('; ');
  return (
    <figure class="chart">
      <figcaption>{title}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${Math.max(bars.length, 1) * ROW}`}
        role="img"
        aria-label={`${title}: ${summary}`}
        preserveAspectRatio="xMinYMin meet"
      >
        {bars.map((bar, index) => (
          <g key={bar.label} transform={`translate(0 ${index * ROW})`}>
            <text x={LABEL - 8} y={ROW / 2 + 5} text-anchor="end" class="chart-label">
              {bar.label}
            </text>
            <rect
              x={LABEL}
              y={5}
              width={Math.max(lengths[index] ?? 0, 1)}
              height={ROW - 10}
              class={`bar-${bar.tone}`}
            />
            <text x={LABEL + (lengths[index] ?? 0) + 6} y={ROW / 2 + 5} class="chart-value">
              {i18n.number(bar.value)}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
