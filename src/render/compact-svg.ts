// Shrinks Satori's SVG without moving a pixel: glyph outlines as relative path data (the same points,
// exactly, in integer tenths), masks nothing refers to dropped. Anything it does not recognise passes untouched.

/** Satori's glyph outlines: absolute moves, lines and quadratic curves only. */
const GLYPH_PATH_ATTRIBUTE = / d="([MLQZ0-9. -]+)"/g;
const ARGUMENT_COUNTS: ReadonlyMap<string, number> = new Map([['M', 2], ['L', 2], ['Q', 4], ['Z', 0]]);

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

const SPACE = 0x20;
const MINUS = 0x2d;
const POINT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/**
 * Read by hand, a character at a time: with a regular expression per command and per number this
 * was a fifth of a badge's Satori render. Accepts what the attribute pattern lets through: letters,
 * numbers of at most one decimal (`-12.5`, `3`) and spaces between them.
 */
function parseCommands(data: string): Command[] | null {
  const commands: Command[] = [];
  let i = 0;
  while (i < data.length && data.charCodeAt(i) === SPACE) i++;
  while (i < data.length) {
    const letter = data[i]!;
    const expected = ARGUMENT_COUNTS.get(letter);
    if (expected === undefined) return null;
    i++;
    const args: number[] = [];
    for (;;) {
      while (i < data.length && data.charCodeAt(i) === SPACE) i++;
      const code = data.charCodeAt(i);
      if (i === data.length || !(code === MINUS || (code >= ZERO && code <= NINE))) break;
      const negative = code === MINUS;
      if (negative) i++;
      const digitsFrom = i;
      let tenths = 0;
      while (i < data.length && data.charCodeAt(i) >= ZERO && data.charCodeAt(i) <= NINE) tenths = tenths * 10 + data.charCodeAt(i++) - ZERO;
      if (i === digitsFrom) return null;
      tenths *= 10;
      if (data.charCodeAt(i) === POINT) {
        const tenth = data.charCodeAt(i + 1);
        if (!(tenth >= ZERO && tenth <= NINE)) return null;
        tenths += tenth - ZERO;
        i += 2;
      }
      // A number runs up to a space or a letter; anything else (`1.25`, `1-2`) is not Satori's.
      const after = data.charCodeAt(i);
      if (i < data.length && after !== SPACE && !ARGUMENT_COUNTS.has(data[i]!)) return null;
      args.push(negative ? -tenths : tenths);
    }
    if (args.length !== expected) return null;
    commands.push({ letter, args });
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
    for (let i = 0; i < tenths.length; i++) {
      const value = tenths[i]!;
      const hasPoint = value % 10 !== 0;
      // A minus sign separates by itself, and so does a leading point after a number with one.
      const startsWithPoint = hasPoint && value > -10 && value < 10;
      const needsSpace = (implicit || i > 0) && value >= 0 && !(startsWithPoint && this.lastNumberHasPoint);
      this.text += needsSpace ? ` ${formatTenths(value)}` : formatTenths(value);
      this.lastNumberHasPoint = hasPoint;
    }
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
