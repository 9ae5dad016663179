/** The report's only stylesheet, inlined: system fonts, no external files. */
export const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
.meta { color: var(--muted); margin: 0; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin-top: 16px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; min-width: 130px; }
.card .value { font-size: 22px; font-weight: 600; }
.card .label { color: var(--muted); }
.card.bad .value { color: #c62828; }
.card.warn .value { color: #ef6c00; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
.chart { margin: 0; }
.chart figcaption { font-weight: 600; margin-bottom: 4px; }
.chart text { fill: var(--ink); }
.filters { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin-bottom: 12px; }
.gallery { display: grid; grid-template-columns: repeat(auto-fill, minmax(520px, 1fr)); gap: 16px; }
.job { border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
.job[hidden] { display: none; }
.job header { display: flex; justify-content: space-between; gap: 8px; align-items: baseline; margin-bottom: 8px; }
.job h3 { font-size: 15px; margin: 0; overflow-wrap: anywhere; }
.job h3 small { color: var(--muted); font-weight: 400; }
.media { display: grid; grid-template-columns: repeat(3, 1fr); gap: 8px; }
.media figure { margin: 0; }
.media figcaption { color: var(--muted); font-size: 12px; }
.media video, .media img { width: 100%; height: 220px; object-fit: contain; background: #111; border-radius: 4px; display: block; }
.no-output { height: 220px; display: flex; align-items: center; justify-content: center; text-align: center; padding: 8px;
  background: var(--card); border: 1px dashed var(--line); border-radius: 4px; color: var(--muted); overflow-wrap: anywhere; }
.facts { color: var(--muted); font-size: 12px; margin-top: 6px; overflow-wrap: anywhere; }
.status { display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; font-weight: 600; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; }
th, td { min-width: 5em; text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
th { background: var(--card); }
`;
