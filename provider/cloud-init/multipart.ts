import { createHash } from "crypto";

export interface MimePart {
  contentType: string;
  filename: string;
  content: string;
}

/**
 * Pure: a MIME multipart/mixed user-data, cloud-init's documented way to give it a cloud-config
 * and a script together. Each part is base64 (byte-exact, and never contains the boundary).
 * The boundary is derived from the content, so the same inputs give the same seed byte for byte
 * (and the same instance-id); it cannot occur in a base64 body (it has characters base64 lacks).
 */
export function multipartUserData(parts: readonly MimePart[]): string {
  const digest = createHash("sha256");
  for (const part of parts) digest.update(part.contentType).update("\0").update(part.content).update("\0");
  const boundary = `==voidvm-${digest.digest("hex").slice(0, 32)}==`;
  const lines = ["Content-Type: multipart/mixed; boundary=\"" + boundary + "\"", "MIME-Version: 1.0", ""];
  for (const part of parts) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${part.contentType}; charset="utf-8"`,
      "MIME-Version: 1.0",
      "Content-Transfer-Encoding: base64",
      `Content-Disposition: attachment; filename="${part.filename}"`,
      "",
      ...wrap(Buffer.from(part.content, "utf8").toString("base64"), 76),
    );
  }
  lines.push(`--${boundary}--`, "");
  return lines.join("\n");
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += width) out.push(text.slice(i, i + width));
  return out.length ? out : [""];
}
