// The dimension scores as a table whose bars are inline SVG drawn here (no chart library, no
// inline style: widths are SVG attributes, allowed by the CSP). Every value is also text, and a
// missing dimension says "not rated" instead of drawing an empty bar.

import { DIMENSIONS, type Dimensions } from '../../domain/entity.js';
import { gradeFor, type GradeScale } from '../../domain/grade.js';
import { GRADE_COLORS } from '../../domain/palette.js';
import { html, type SafeHtml } from './html-escape.js';

const TRACK_COLOR = '#e6e9ed';

export function renderScoreChart(dimensions: Dimensions, scale: GradeScale): SafeHtml {
  const rows = DIMENSIONS.map((dimension) => {
    const score = dimensions[dimension];
    const name = dimension[0]!.toUpperCase() + dimension.slice(1);
    if (score === undefined) {
      return html`<tr class="chart-row not-rated">
  <th scope="row">${name}</th>
  <td class="chart-bar"><svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="100" height="8" rx="1" fill="${TRACK_COLOR}"/></svg></td>
  <td class="chart-value">not rated</td>
</tr>`;
    }
    const grade = gradeFor(score, scale);
    return html`<tr class="chart-row" data-dimension="${dimension}">
  <th scope="row">${name}</th>
  <td class="chart-bar"><svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="100" height="8" rx="1" fill="${TRACK_COLOR}"/><rect class="bar-fill" width="${score}" height="8" rx="1" fill="${GRADE_COLORS[grade]}"/></svg></td>
  <td class="chart-value"><strong>${score}</strong> <span class="chart-grade">(${grade})</span></td>
</tr>`;
  });
  return html`<table class="chart">
<caption class="visually-hidden">Dimension scores from 0 to 100, with the grade each would earn</caption>
<thead class="visually-hidden"><tr><th scope="col">Dimension</th><th scope="col">Bar</th><th scope="col">Score</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>`;
}
