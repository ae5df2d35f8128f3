import { readFileSync } from "fs";
import { inflateSync } from "zlib";

/** A decoded PNG: width, height and RGBA bytes (8 bits a channel). */
export interface Pixels {
  width: number;
  height: number;
  rgba: Buffer;
}

/**
 * Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's --screenshot writes): enough
 * for tests to look at the pixels of a rendered page.
 */
export function readPng(file: string): Pixels {
  const data = readFileSync(file);
  if (data.subarray(0, 8).toString("hex") !== "89504e470d0a1a0a") throw new Error(`${file} is not a PNG`);
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  for (let at = 8; at < data.length; ) {
    const length = data.readUInt32BE(at);
    const type = data.toString("ascii", at + 4, at + 8);
    const body = data.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error(`${file}: only 8-bit non-interlaced PNGs are read here`);
      colorType = body[9] ?? 0;
    } else if (type === "IDAT") idat.push(body);
    at += 12 + length;
  }
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 0;
  if (!channels) throw new Error(`${file}: colour type ${colorType} is not RGB or RGBA`);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = Buffer.alloc(width * height * 4);
  let prev = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = Buffer.from(raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1)));
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? (line[i - channels] ?? 0) : 0;
      const b = prev[i] ?? 0;
      const c = i >= channels ? (prev[i - channels] ?? 0) : 0;
      const x = line[i] ?? 0;
      let v = x;
      if (filter === 1) v = x + a;
      else if (filter === 2) v = x + b;
      else if (filter === 3) v = x + ((a + b) >> 1);
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      line[i] = v & 0xff;
    }
    for (let px = 0; px < width; px++) {
      out[(y * width + px) * 4] = line[px * channels] ?? 0;
      out[(y * width + px) * 4 + 1] = line[px * channels + 1] ?? 0;
      out[(y * width + px) * 4 + 2] = line[px * channels + 2] ?? 0;
      out[(y * width + px) * 4 + 3] = channels === 4 ? (line[px * channels + 3] ?? 0) : 255;
    }
    prev = line;
  }
  return { width, height, rgba: out };
}

/** How many pixels are within `tolerance` of the colour #rrggbb on every channel. */
export function countColor(pixels: Pixels, hex: string, tolerance = 40): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  let n = 0;
  for (let i = 0; i < pixels.rgba.length; i += 4) {
    if (Math.abs((pixels.rgba[i] ?? 0) - r) <= tolerance && Math.abs((pixels.rgba[i + 1] ?? 0) - g) <= tolerance && Math.abs((pixels.rgba[i + 2] ?? 0) - b) <= tolerance) n++;
  }
  return n;
}
