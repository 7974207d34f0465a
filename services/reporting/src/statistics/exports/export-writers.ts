/**
 * Spreadsheet writers for the exports: CSV (UTF-8 with BOM, CRLF, RFC 4180
 * quoting, formula-injection guard) and XLSX (exceljs streaming writer: a
 * title line, bold headers, amounts as numbers with two decimals). Both write
 * row by row to the response and wait for it to drain, so an export of any
 * size holds about one batch in memory.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Lang } from '@jm/reference';
import { chinaDateTime } from '../vocabulary/period';
import { yesNo } from '../vocabulary/reporting-labels';

export type ExportType = 'text' | 'count' | 'yuan' | 'date' | 'bool';

export interface ExportColumn {
  key: string;
  label: string;
  type: ExportType;
}

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

export interface SheetWriter {
  row(values: Record<string, unknown>): Promise<void>;
  end(): Promise<void>;
}

/** Content-Disposition with an ASCII fallback and the Chinese name as RFC 5987 filename*. */
export function contentDisposition(asciiName: string, fullName: string): string {
  const encoded = encodeURIComponent(fullName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

/** A cell as text people read: dates in China time, booleans as 是/否, amounts as plain decimals. */
function text(type: ExportType, value: unknown, lang: Lang): string {
  if (value === null || value === undefined) return '';
  if (type === 'date') return chinaDateTime(String(value));
  if (type === 'bool') return yesNo(value === true, lang);
  return String(value);
}

/** A text cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP CSV injection). */
export function guardFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Gives the event loop a turn (a synchronous SQLite driver never would, and the
 * socket and the zip's deflate only progress there), then waits until the
 * response can take more; a reader who went away ends the export instead of leaving it waiting.
 */
async function drained(out: Writable): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  if (out.destroyed) throw new Error('the client closed the download');
  if (!out.writableNeedDrain) return;
  const abort = new AbortController();
  try {
    await Promise.race([
      once(out, 'drain', { signal: abort.signal }),
      once(out, 'close', { signal: abort.signal }).then(() => Promise.reject(new Error('the client closed the download'))),
    ]);
  } finally {
    abort.abort();
  }
}

async function write(out: Writable, chunk: string | Buffer): Promise<void> {
  out.write(chunk);
  await drained(out);
}

export async function csvWriter(out: Writable, columns: readonly ExportColumn[], lang: Lang): Promise<SheetWriter> {
  let buffer = '\uFEFF' + columns.map((c) => csvField(guardFormula(c.label))).join(',') + '\r\n';
  const flush = async () => {
    if (buffer) await write(out, buffer);
    buffer = '';
  };
  return {
    async row(values) {
      buffer +=
        columns
          .map((c) => csvField(c.type === 'text' ? guardFormula(text(c.type, values[c.key], lang)) : text(c.type, values[c.key], lang)))
          .join(',') + '\r\n';
      if (buffer.length >= 64 * 1024) await flush();
    },
    async end() {
      await flush();
      out.end();
    },
  };
}

const COLUMN_WIDTH: Record<ExportType, number> = { text: 24, count: 12, yuan: 18, date: 18, bool: 8 };

const ZIP_QUEUE_LIMIT = 1024 * 1024;

/**
 * Bytes of sheet XML waiting for the deflate: exceljs pipes the sheet into the
 * archiver's input stream without honouring its backpressure, so a fast reader
 * would queue the whole sheet there. Internal to exceljs 4 (checked in the
 * export spec by the bounded memory of a 50,000-row export).
 */
function queuedForZip(sheet: unknown): number {
  // The archiver's input is a readable-stream v2 PassThrough: its lengths are in the stream states.
  type State = { length?: number };
  const input = (sheet as { _stream?: { pipes?: Array<{ _writableState?: State; _readableState?: State }> } })._stream?.pipes?.[0];
  return input ? (input._writableState?.length ?? 0) + (input._readableState?.length ?? 0) : 0;
}

export async function xlsxWriter(
  out: Writable,
  sheetName: string,
  title: string,
  columns: readonly ExportColumn[],
  lang: Lang,
): Promise<SheetWriter> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: Math.max(COLUMN_WIDTH[c.type], Math.min(40, c.label.length * 2 + 2)) }));
  const titleRow = sheet.addRow([title]);
  titleRow.font = { bold: true, size: 14 };
  if (columns.length > 1) sheet.mergeCells(1, 1, 1, columns.length);
  titleRow.commit();
  const header = sheet.addRow(columns.map((c) => c.label));
  header.font = { bold: true };
  header.commit();
  let pending = 0;
  return {
    async row(values) {
      const row = sheet.addRow(
        columns.map((c) => {
          const value = values[c.key];
          if (value === null || value === undefined) return null;
          if (c.type === 'yuan') return Number(value);
          if (c.type === 'count') return Number(value);
          return text(c.type, value, lang);
        }),
      );
      columns.forEach((c, i) => {
        if (c.type === 'yuan') row.getCell(i + 1).numFmt = '#,##0.00';
      });
      row.commit();
      // The zip does not push back on commit(): every few hundred rows, wait until it has compressed what is queued and the response has taken it.
      if (++pending >= 200) {
        pending = 0;
        while (queuedForZip(sheet) > ZIP_QUEUE_LIMIT) await new Promise((resolve) => setTimeout(resolve, 2));
        await drained(out);
      }
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
