// Shrinks Satori's SVG without moving a pixel: glyph outlines as relative path data (the same points,
// exactly, in integer tenths), masks nothing refers to dropped. Anything it does not recognise passes untouched.

/** Satori's glyph outlines: absolute moves, lines and quadratic curves only. */
const GLYPH_PATH_ATTRIBUTE = / d="([MLQZ0-9. -]+)"/g;
const ONE_DECIMAL = /^-?\d+(\.\d)?$/;
const ARGUMENT_COUNTS: Readonly<Record<string, number>> = { M: 2, L: 2, Q: 4, Z: 0 };

export function compactSvg(svg: string): string {
  return dropUnusedMasks(compactGlyphPaths(svg));
}

export function compactGlyphPaths(svg: string): string {
  return svg.replace(GLYPH_PATH_ATTRIBUTE, (attribute, data: string) => {
    const compact = compactPathData(data);
    return compact === null ? attribute : ` d="${compact}"`;
  });
}

/** Satori defines a mask per element whether or not anything uses it; one mask may use another. */
export function dropUnusedMasks(svg: string): string {
  let current = svg;
  for (;;) {
    const next = current.replace(/<mask id="([^"]+)">[\s\S]*?<\/mask>/g, (mask, id: string) =>
      current.includes(`url(#${id})`) ? mask : '',
    );
    if (next === current) return current;
    current = next;
  }
}

/** null when the data holds anything but one-decimal M/L/Q/Z, so it is left as it was. */
export function compactPathData(data: string): string | null {
  const commands = parseCommands(data);
  if (commands === null) return null;
  const out = new PathWriter();
  let [x, y, startX, startY] = [0, 0, 0, 0];
  for (const { letter, args } of commands) {
    if (letter === 'Z') {
      out.command('z', []);
      [x, y] = [startX, startY];
      continue;
    }
    const [endX, endY] = args.slice(-2) as [number, number];
    if (letter === 'M') {
      out.command('m', [endX - x, endY - y]);
      [startX, startY] = [endX, endY];
    } else if (letter === 'Q') {
      out.command('q', [args[0]! - x, args[1]! - y, endX - x, endY - y]);
    } else if (endX === x && endY === y) {
      continue; // a line to where the pen already is: Satori writes one after most curves
    } else if (endY === y) out.command('h', [endX - x]);
    else if (endX === x) out.command('v', [endY - y]);
    else out.command('l', [endX - x, endY - y]);
    [x, y] = [endX, endY];
  }
  return out.text;
}

interface Command {
  letter: string;
  /** In tenths of a pixel. */
  args: number[];
}

function parseCommands(data: string): Command[] | null {
  const commands: Command[] = [];
  for (const [, letter, rest] of data.matchAll(/([MLQZ])([^MLQZ]*)/g)) {
    const numbers = rest!.trim() === '' ? [] : rest!.trim().split(/\s+/);
    if (numbers.length !== ARGUMENT_COUNTS[letter!] || !numbers.every((n) => ONE_DECIMAL.test(n))) return null;
    commands.push({ letter: letter!, args: numbers.map((n) => Math.round(Number(n) * 10)) });
  }
  return commands;
}

/** Writes commands with the fewest separators SVG path grammar allows. */
class PathWriter {
  text = '';
  private last = '';
  private lastNumberHasPoint = false;

  command(letter: string, tenths: number[]): void {
    // A repeated letter may be left out, except after a move (there it would mean "line").
    const implicit = letter === this.last && letter !== 'm' && letter !== 'z';
    if (!implicit) {
      this.text += letter;
      this.lastNumberHasPoint = false;
    }
    tenths.forEach((value, i) => {
      const number = formatTenths(value);
      const needsSpace = (implicit || i > 0) && !number.startsWith('-') && !(number.startsWith('.') && this.lastNumberHasPoint);
      this.text += (needsSpace ? ' ' : '') + number;
      this.lastNumberHasPoint = number.includes('.');
    });
    this.last = letter;
  }
}

function formatTenths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(value) / 10);
  const tenth = Math.abs(value) % 10;
  if (tenth === 0) return `${sign}${whole}`;
  return `${sign}${whole === 0 ? '' : whole}.${tenth}`;
}
