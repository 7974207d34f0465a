/** Declared type and magic bytes must agree. */
import { allowedMediaType, baseMediaType } from './media-types';

const sniff = (type: string, content: Buffer) => allowedMediaType(type)?.sniff(content) ?? false;

describe('evidence media types', () => {
  it('accepts each allowed type whose content starts right', () => {
    expect(sniff('application/pdf', Buffer.from('%PDF-1.4'))).toBe(true);
    expect(sniff('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(sniff('image/jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe(true);
    expect(sniff('image/gif', Buffer.from('GIF89a...'))).toBe(true);
    expect(sniff('image/webp', Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe(true);
    expect(sniff('audio/mpeg', Buffer.from('ID3\x04', 'latin1'))).toBe(true);
    expect(sniff('audio/mpeg', Buffer.from([0xff, 0xfb, 0x90, 0x00]))).toBe(true);
    expect(sniff('video/mp4', Buffer.from('\x00\x00\x00\x18ftypmp42', 'latin1'))).toBe(true);
    expect(sniff('text/plain; charset=utf-8', Buffer.from('线索补充', 'utf8'))).toBe(true);
    const zip = (part: string) => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from(`....${part}document.xml`, 'latin1')]);
    expect(sniff('application/vnd.openxmlformats-officedocument.wordprocessingml.document', zip('word/'))).toBe(true);
    expect(sniff('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', zip('xl/'))).toBe(true);
  });
  it('refuses content that is not what it claims, and types not allowed', () => {
    expect(sniff('image/png', Buffer.from('GIF89a'))).toBe(false);
    expect(
      sniff(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/')]),
      ),
    ).toBe(false);
    expect(sniff('text/plain', Buffer.from([0x00, 0x01]))).toBe(false);
    expect(sniff('text/plain', Buffer.from([0xc3, 0x28]))).toBe(false);
    expect(allowedMediaType('application/zip')).toBeUndefined();
    expect(baseMediaType(' Text/Plain ; charset=utf-8')).toBe('text/plain');
  });
});
