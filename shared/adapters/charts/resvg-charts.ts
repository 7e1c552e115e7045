/**
 * The digest's chart renderer (the ChartRenderer port of shared/reports/charts.ts): ECharts renders SVG
 * on the server (no DOM), resvg rasterises it to PNG, because mail clients do not show SVG. Text needs
 * a font file, a CJK one for Japanese labels: Debian's fonts-noto-cjk where installed, else Noto Sans JP
 * from the npm package @expo-google-fonts/noto-sans-jp (a dependency), so a bare machine draws Japanese.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { renderAsync } from '@resvg/resvg-js';
import * as echarts from 'echarts';
import type { ChartRenderer, ChartSpec } from '../../reports/charts.js';

/** The font charts are drawn with, and whether it can draw Japanese. */
export interface ChartFont {
  files: string[];
  family: string;
  /** A small Latin font for numbers, dates and Latin words: shaping with a CJK collection costs ~25 ms per text. */
  latinFamily?: string;
  /** False when no CJK font was found: Japanese labels would be drawn as boxes, so charts fall back to ids. */
  cjk: boolean;
}

/** Noto Sans JP (regular) from its npm package, or undefined when the package is not installed. */
const npmNotoSansJp = (): string | undefined => {
  try {
    return createRequire(import.meta.url).resolve(
      '@expo-google-fonts/noto-sans-jp/400Regular/NotoSansJP_400Regular.ttf',
    );
  } catch {
    return undefined;
  }
};

/**
 * Where CJK fonts live, first found wins: Debian/Ubuntu (fonts-noto-cjk), Amazon Linux, beside the
 * Lambda bundle, the npm package, macOS.
 */
const cjkCandidates = (): Array<{ file: string; family: string }> => [
  { file: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK JP' },
  { file: '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK JP' },
  { file: '/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK JP' },
  { file: '/opt/fonts/NotoSansCJK-Regular.ttc', family: 'Noto Sans CJK JP' },
  // Beside the Lambda bundle, where the CDK copies it (infra/aws/constructs/koe-function.ts).
  { file: fileURLToPath(new URL('./fonts/NotoSansCJK-Regular.ttc', import.meta.url)), family: 'Noto Sans CJK JP' },
  { file: npmNotoSansJp() ?? '', family: 'Noto Sans JP' },
  { file: '/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc', family: 'Hiragino Sans' },
];
const LATIN_CANDIDATES: Array<{ file: string; family: string }> = [
  { file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', family: 'DejaVu Sans' },
  { file: '/usr/share/fonts/dejavu/DejaVuSans.ttf', family: 'DejaVu Sans' },
];

let found: ChartFont | undefined;

/**
 * The first CJK font found (else a Latin one, else the system's fonts); `file` overrides the search,
 * `npmOnly` skips the system's CJK fonts (to test the bare-machine path).
 */
export const chartFont = (file?: string, npmOnly = false): ChartFont => {
  const latin = LATIN_CANDIDATES.find((c) => existsSync(c.file));
  const withLatin = (f: ChartFont): ChartFont =>
    latin ? { ...f, files: [...f.files, latin.file], latinFamily: latin.family } : f;
  if (file) return withLatin({ files: [file], family: 'Noto Sans CJK JP', cjk: true });
  if (npmOnly) {
    const npm = npmNotoSansJp();
    return withLatin(
      npm ? { files: [npm], family: 'Noto Sans JP', cjk: true } : { files: [], family: 'sans-serif', cjk: false },
    );
  }
  if (found) return found;
  const cjk = cjkCandidates().find((c) => c.file !== '' && existsSync(c.file));
  found = cjk
    ? withLatin({ files: [cjk.file], family: cjk.family, cjk: true })
    : { files: latin ? [latin.file] : [], family: latin?.family ?? 'sans-serif', cjk: false };
  return found;
};

const AXIS = { color: '#6b7280', fontSize: 10 };
const GRID_LINE = { lineStyle: { color: '#e5e7eb' } };

/** Mixes green (0) through amber to red (1). */
const negativeColor = (share: number): string => {
  if (share >= 0.5) return '#dc2626';
  if (share >= 0.25) return '#f59e0b';
  return '#16a34a';
};

/** The font family for one text: the Latin font when every character is Latin, else the CJK one. */
const familyFor = (text: string, font: ChartFont): string =>
  font.latinFamily && /^[\u0020-\u024f\u2013\u2014\u2212]*$/.test(text) ? font.latinFamily : font.family;

/**
 * A value axis with round ticks and as many decimals as the tick step needs, so no two ticks read the
 * same ("-0.2" four times for a sentiment between −0.23 and −0.21). Fixed ends (CSAT 1–5) are kept.
 */
export const niceAxis = (
  values: ReadonlyArray<number | null>,
  fixed: { min?: number | undefined; max?: number | undefined },
  minDecimals: number,
  ticks = 3,
): { min: number; max: number; interval: number; decimals: number } => {
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  let lo = fixed.min ?? (known.length ? Math.min(...known) : 0);
  let hi = fixed.max ?? (known.length ? Math.max(...known) : 1);
  if (hi - lo < 1e-9) {
    // One value (or all equal): a band around it, one step of its last shown decimal each side.
    const pad = Math.max(Math.abs(hi) * 0.1, 10 ** -Math.max(minDecimals, 1));
    if (fixed.min === undefined) lo -= pad;
    if (fixed.max === undefined) hi += pad;
  }
  const raw = (hi - lo) / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * magnitude >= raw) ?? 10) * magnitude;
  const min = fixed.min ?? Math.floor(lo / step) * step;
  const max = fixed.max ?? Math.ceil(hi / step) * step;
  const decimals = Math.max(minDecimals, Math.min(6, Math.max(0, -Math.floor(Math.log10(step) + 1e-9))));
  const stepDecimals = Number.isInteger(Number((step * 10 ** decimals).toFixed(6))) ? decimals : decimals + 1;
  return { min: Number(min.toFixed(8)), max: Number(max.toFixed(8)), interval: step, decimals: stepDecimals };
};

/** Width a label needs in px at `fontSize`, erring wide: SSR ECharts cannot measure the font resvg draws with. */
const labelWidth = (text: string, fontSize: number): number => {
  let em = 0;
  for (const ch of text) em += /[\u0020-\u024f\u2000-\u206f]/.test(ch) ? 0.64 : 1.05;
  return Math.ceil(em * fontSize);
};

const optionOf = (spec: ChartSpec, font: ChartFont): echarts.EChartsCoreOption => {
  const base = {
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: font.latinFamily ?? font.family },
    title: {
      text: spec.title,
      left: 8,
      top: 6,
      textStyle: { fontSize: 12, fontWeight: 'bold', color: '#111827', fontFamily: familyFor(spec.title, font) },
    },
  };
  if (spec.kind === 'topics') {
    // Labels get the room they need (at most 45 % of the width) and are drawn right-aligned inside it;
    // with containLabel ECharts measured narrower than resvg draws, and long names lost their first letters.
    const room = Math.min(Math.round(spec.width * 0.45), Math.max(...spec.labels.map((l) => labelWidth(l, 11)), 40));
    // As many count ticks as the plot has room for: ECharts' default five ran together at a few thousand
    // ("1,0001,5002,000" in a 400 px digest chart). Each takes the widest count's width and a gap.
    const plot = spec.width - (room + 16) - 48;
    const widest = labelWidth(Math.max(1, ...spec.values).toLocaleString('en-US'), AXIS.fontSize) + 16;
    const counts = niceAxis(spec.values, { min: 0 }, 0, Math.max(1, Math.min(5, Math.floor(plot / widest))));
    return {
      ...base,
      grid: { left: room + 16, right: 48, top: 30, bottom: 22, containLabel: false },
      xAxis: {
        type: 'value',
        min: counts.min,
        max: counts.max,
        interval: Math.max(1, counts.interval),
        axisLabel: AXIS,
        splitLine: GRID_LINE,
      },
      yAxis: {
        type: 'category',
        inverse: true,
        data: spec.labels.map((label) => ({ value: label, textStyle: { fontFamily: familyFor(label, font) } })),
        axisLabel: {
          ...AXIS,
          fontSize: 11,
          color: '#111827',
          width: room,
          overflow: 'truncate',
          margin: 8,
        },
        axisTick: { show: false },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 18,
          data: spec.values.map((v, i) => ({
            value: v,
            itemStyle: { color: negativeColor(spec.negativeShare[i] ?? 0) },
          })),
          // Counts grouped as the value axis groups them (2,914 beside 3,000), in either language.
          label: {
            show: true,
            position: 'right',
            fontSize: 10,
            color: '#374151',
            formatter: ({ value }: { value: unknown }) => Number(value).toLocaleString('en-US'),
          },
        },
      ],
    };
  }
  const axis = niceAxis(spec.values, { min: spec.min, max: spec.max }, spec.decimals);
  const last = spec.categories.length - 1;
  // A 10 px label takes about 6 px a Latin character, 10 px a Japanese one, plus a gap; the y axis ~40 px.
  const labelPx = Math.max(
    0,
    ...spec.categories.map((c) => [...c].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 10 : 6), 12)),
  );
  const labelStep = spec.categories.length * labelPx > spec.width - 40 ? 2 : 1;
  return {
    ...base,
    grid: { left: 8, right: 14, top: 38, bottom: 6, containLabel: true },
    xAxis: {
      type: 'category',
      data: spec.categories,
      // Every other date when they would crowd, counted back from the last: the period the digest is
      // about keeps its label (hiding overlaps dropped the last one).
      axisLabel: { ...AXIS, interval: (i: number) => (last - i) % labelStep === 0 },
      boundaryGap: spec.kind === 'bar',
    },
    yAxis: {
      type: 'value',
      min: axis.min,
      max: axis.max,
      interval: axis.interval,
      // Grouped as the bar counts are (10,000, not 10000); never "-0".
      axisLabel: {
        ...AXIS,
        formatter: (v: number) =>
          v
            .toLocaleString('en-US', { minimumFractionDigits: axis.decimals, maximumFractionDigits: axis.decimals })
            .replace(/^-(0\.?0*)$/, '$1'),
      },
      splitLine: GRID_LINE,
    },
    series: [
      {
        type: spec.kind,
        data: spec.values,
        connectNulls: true,
        symbolSize: 5,
        barMaxWidth: 22,
        itemStyle: { color: spec.color },
        lineStyle: { width: 2, color: spec.color },
      },
    ],
  };
};

/** The chart as an SVG string (ECharts server-side rendering; no DOM, no canvas). */
export const chartSvg = (spec: ChartSpec, font: ChartFont): string => {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: spec.width, height: spec.height });
  try {
    chart.setOption(optionOf(spec, font));
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
};

/** Pixels per CSS pixel in the PNG, so charts stay sharp on high-density screens. */
const CHART_SCALE = 2;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

const crc32 = (bytes: Buffer): number => {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const pngChunk = (type: string, data: Buffer): Buffer => {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
};

/** Encodes an RGB PNG from a window of an RGBA pixel buffer (`stride` pixels per row). */
const encodePng = (rgba: Buffer, stride: number, x: number, y: number, width: number, height: number): Buffer => {
  const raw = Buffer.alloc(height * (1 + width * 3));
  let o = 0;
  for (let row = 0; row < height; row++) {
    raw[o++] = 0; // filter: none
    let i = ((y + row) * stride + x) * 4;
    for (let col = 0; col < width; col++, i += 4) {
      raw[o++] = rgba[i] as number;
      raw[o++] = rgba[i + 1] as number;
      raw[o++] = rgba[i + 2] as number;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 6 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
};

/**
 * The charts as PNGs at CHART_SCALE× their CSS size. All charts are stacked into one SVG and
 * rasterised once, then cut apart: resvg parses the font file per render, and a CJK collection
 * costs a few hundred milliseconds each time.
 */
export const chartPngs = async (specs: readonly ChartSpec[], font: ChartFont): Promise<Buffer[]> => {
  if (specs.length === 0) return [];
  const width = Math.max(...specs.map((s) => s.width));
  let y = 0;
  const placed = specs.map((spec) => {
    const at = y;
    y += spec.height;
    return { spec, at, svg: chartSvg(spec, font).replace('<svg ', `<svg x="0" y="${at}" `) };
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}">${placed.map((p) => p.svg).join('')}</svg>`;
  const rendered = await renderAsync(svg, {
    fitTo: { mode: 'zoom', value: CHART_SCALE },
    background: '#ffffff',
    font: {
      fontFiles: font.files,
      loadSystemFonts: font.files.length === 0,
      defaultFontFamily: font.family,
      sansSerifFamily: font.family,
    },
    logLevel: 'off',
  });
  const pixels = rendered.pixels;
  const stride = rendered.width;
  return placed.map(({ spec, at }) =>
    encodePng(pixels, stride, 0, at * CHART_SCALE, spec.width * CHART_SCALE, spec.height * CHART_SCALE),
  );
};

/** The chart renderer the digest uses: resvg with the first CJK font found (or `font`). */
export const resvgChartRenderer = (font: ChartFont = chartFont()): ChartRenderer => ({
  cjk: font.cjk,
  scale: CHART_SCALE,
  render: (specs) => chartPngs(specs, font),
});
