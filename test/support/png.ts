import { readFileSync } from "fs";
import { inflateSync } from "zlib";

/** An RGB image: `pixels` holds 3 bytes per pixel, row after row. */
export interface RgbImage {
  width: number;
  height: number;
  pixels: Buffer;
}

/** Decodes an 8-bit, non-interlaced RGB or RGBA PNG (what Chromium's screenshots are). */
export function decodePng(png: Buffer): RgbImage {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      if (depth !== 8 || interlace !== 0 || (colour !== 2 && colour !== 6)) throw new Error(`unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${interlace})`);
      channels = colour === 6 ? 4 : 3;
    } else if (type === "IDAT") data.push(body);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? rows[y * stride + x - channels]! : 0;
      const up = y > 0 ? rows[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= channels ? rows[(y - 1) * stride + x - channels]! : 0;
      rows[y * stride + x] = (line[x]! + predictor(filter!, left, up, upLeft)) & 0xff;
    }
  }
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) rows.copy(pixels, i * 3, i * channels, i * channels + 3);
  return { width, height, pixels };
}

function predictor(filter: number, left: number, up: number, upLeft: number): number {
  switch (filter) {
    case 0:
      return 0;
    case 1:
      return left;
    case 2:
      return up;
    case 3:
      return (left + up) >> 1;
    case 4: {
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    default:
      throw new Error(`unknown PNG filter ${filter}`);
  }
}

/** Decodes a binary PPM (P6, maxval 255): what QEMU's screendump (`virsh screenshot`) writes. */
export function decodePpm(ppm: Buffer): RgbImage {
  const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.toString("latin1", 0, 64));
  if (!header || header[3] !== "255") throw new Error("not a P6 PPM with maxval 255");
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, pixels: ppm.subarray(header[0].length, header[0].length + width * height * 3) };
}

/** How many pixels differ from the image's most common colour (its background). */
export function foregroundPixels(image: RgbImage): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < image.width * image.height; i++) {
    const colour = image.pixels.readUIntBE(i * 3, 3);
    counts.set(colour, (counts.get(colour) ?? 0) + 1);
  }
  const background = Math.max(...counts.values());
  return image.width * image.height - background;
}

/** The share of pixels (0..1) that are the same colour in both images, which must be the same size. */
export function samePixelShare(a: RgbImage, b: RgbImage): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`sizes differ: ${a.width}x${a.height} and ${b.width}x${b.height}`);
  let same = 0;
  for (let i = 0; i < a.width * a.height; i++) if (a.pixels.readUIntBE(i * 3, 3) === b.pixels.readUIntBE(i * 3, 3)) same++;
  return same / (a.width * a.height);
}

/** A PNG or a PPM, by its signature (`virsh screenshot` gives either, depending on QEMU). */
export function decodeImage(image: Buffer): RgbImage {
  return image.readUInt32BE(0) === 0x89504e47 ? decodePng(image) : decodePpm(image);
}

/** A PNG file on this machine, decoded. */
export function readPng(file: string): RgbImage {
  return decodePng(readFileSync(file));
}

/**
 * Pixels within `tolerance` (the sum of the three channels' distances) of the colour #rrggbb, in
 * every row or in rows from..to: a chart line's colour (its edges are antialiased).
 */
export function countColor(image: RgbImage, hex: string, options: { tolerance?: number; rows?: { from: number; to: number } } = {}): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
  const tolerance = options.tolerance ?? 30;
  let count = 0;
  for (let y = options.rows?.from ?? 0; y < (options.rows?.to ?? image.height); y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 3;
      const d = Math.abs(image.pixels[i]! - r) + Math.abs(image.pixels[i + 1]! - g) + Math.abs(image.pixels[i + 2]! - b);
      if (d <= tolerance) count++;
    }
  }
  return count;
}
