/**
 * Evidence file types accepted, by declared media type, with the magic bytes
 * a binary file of that type starts with: a file is accepted only when what it
 * says it is and what it starts with agree.
 */
export interface AllowedMediaType {
  mediaType: string;
  extension: string;
  /** Does the content look like this type? */
  sniff(content: Buffer): boolean;
}

const startsWith = (content: Buffer, ...bytes: number[]): boolean => bytes.every((b, i) => content[i] === b);
const ascii = (content: Buffer, offset: number, text: string): boolean => content.subarray(offset, offset + text.length).toString('latin1') === text;
/** docx and xlsx are ZIP containers whose part names say which one they are. */
const zipWith = (content: Buffer, part: string): boolean =>
  startsWith(content, 0x50, 0x4b, 0x03, 0x04) && content.includes(Buffer.from(part, 'latin1'));

/** Plain text: valid UTF-8 without NUL bytes (a binary renamed .txt is refused). */
function isText(content: Buffer): boolean {
  if (content.includes(0)) return false;
  return Buffer.from(content.toString('utf8'), 'utf8').equals(content);
}

export const ALLOWED_MEDIA_TYPES: readonly AllowedMediaType[] = [
  { mediaType: 'application/pdf', extension: 'pdf', sniff: (c) => ascii(c, 0, '%PDF-') },
  { mediaType: 'image/jpeg', extension: 'jpeg', sniff: (c) => startsWith(c, 0xff, 0xd8, 0xff) },
  { mediaType: 'image/png', extension: 'png', sniff: (c) => startsWith(c, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a) },
  { mediaType: 'image/gif', extension: 'gif', sniff: (c) => ascii(c, 0, 'GIF87a') || ascii(c, 0, 'GIF89a') },
  { mediaType: 'image/webp', extension: 'webp', sniff: (c) => ascii(c, 0, 'RIFF') && ascii(c, 8, 'WEBP') },
  // ID3 tag, or an MPEG audio frame sync (11 set bits).
  { mediaType: 'audio/mpeg', extension: 'mp3', sniff: (c) => ascii(c, 0, 'ID3') || (c[0] === 0xff && (c[1] & 0xe0) === 0xe0) },
  { mediaType: 'video/mp4', extension: 'mp4', sniff: (c) => ascii(c, 4, 'ftyp') },
  { mediaType: 'text/plain', extension: 'txt', sniff: isText },
  { mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx', sniff: (c) => zipWith(c, 'word/') },
  { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', sniff: (c) => zipWith(c, 'xl/') },
];

export const ALLOWED_MEDIA_TYPE_LIST = ALLOWED_MEDIA_TYPES.map((t) => `${t.extension} (${t.mediaType})`).join(', ');

/** The declared type without parameters ("text/plain; charset=utf-8" → "text/plain"); image/jpg is an alias seen in the wild. */
export function baseMediaType(declared: string): string {
  const base = declared.split(';')[0].trim().toLowerCase();
  return base === 'image/jpg' ? 'image/jpeg' : base;
}

export function allowedMediaType(declared: string): AllowedMediaType | undefined {
  const base = baseMediaType(declared);
  return ALLOWED_MEDIA_TYPES.find((t) => t.mediaType === base);
}
